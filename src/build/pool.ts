// Renders packs on a pool of worker threads. The build submits one pack at a time and awaits
// at most a few in flight, so memory stays flat however many guides there are.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Pack } from '../model.js';
import type { RenderOptions } from './config.js';
import { type RenderedPack, renderPack } from './render.js';

/** The compiled worker; under the tests (TypeScript sources) it may be absent: render in-process. */
const WORKER_FILE = fileURLToPath(new URL('../../dist/build/worker.js', import.meta.url));

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private next = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: RenderedPack) => void; reject: (e: Error) => void }
  >();

  /** `jobs` ≤ 1, or no compiled worker (under the tests), renders in this thread. */
  constructor(
    private readonly options: RenderOptions,
    jobs: number,
  ) {
    if (jobs <= 1 || !existsSync(WORKER_FILE)) return;
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(WORKER_FILE);
      worker.on('message', (msg: { id: number; result?: RenderedPack; error?: string }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.error !== undefined || !msg.result) p.reject(new Error(msg.error ?? 'render failed'));
        else p.resolve({ ...msg.result, files: msg.result.files.map(([n, d]) => [n, new Uint8Array(d)]) });
      });
      worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.slots.push({ worker, busy: false });
    }
  }

  get threads(): number {
    return Math.max(1, this.slots.length);
  }

  /** Renders one pack; resolves when its files are ready. */
  async render(pack: Pack): Promise<RenderedPack> {
    if (this.slots.length === 0) return renderPack(pack, this.options);
    let slot = this.slots.find((s) => !s.busy);
    while (!slot) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      slot = this.slots.find((s) => !s.busy);
    }
    slot.busy = true;
    const id = this.next++;
    const free = slot;
    try {
      return await new Promise<RenderedPack>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        free.worker.postMessage({ id, pack, options: this.options });
      });
    } finally {
      free.busy = false;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
