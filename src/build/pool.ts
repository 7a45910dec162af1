// Runs guide jobs on a pool of worker threads. The build submits one guide at a time and keeps
// at most a few in flight, so memory stays flat however many guides there are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../paths.js';
import { type GuideJob, type GuideResult, runGuideJob } from './guide-job.js';

/** The compiled worker; under the tests (TypeScript sources) it may be absent: render in-process. */
const WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'build', 'worker.js');

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
    { resolve: (r: GuideResult) => void; reject: (e: Error) => void }
  >();

  /** `jobs` ≤ 1, or no compiled worker (under the tests), runs jobs in this thread. */
  constructor(jobs: number) {
    if (jobs <= 1 || !existsSync(WORKER_FILE)) return;
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(WORKER_FILE);
      worker.on('message', (msg: { id: number; result?: GuideResult; error?: string; code?: string }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.error !== undefined || !msg.result) {
          p.reject(Object.assign(new Error(msg.error ?? 'build failed'), msg.code ? { code: msg.code } : {}));
        } else p.resolve(msg.result);
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

  /** Runs one guide job; resolves when its outputs are written. */
  async run(job: GuideJob): Promise<GuideResult> {
    if (this.slots.length === 0) return runGuideJob(job);
    let slot = this.slots.find((s) => !s.busy);
    while (!slot) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      slot = this.slots.find((s) => !s.busy);
    }
    slot.busy = true;
    const id = this.next++;
    const free = slot;
    try {
      return await new Promise<GuideResult>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        free.worker.postMessage({ id, job });
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

/** What a worker posts while building side by side: one result, or that it has run out of guides. */
type SharedMessage = { index: number; result?: GuideResult; error?: string; code?: string } | { done: true };

/**
 * Builds a few guides in this thread and `workers` worker threads side by side. Every thread
 * takes the next guide nobody has taken from a counter they share, so none waits for another to
 * hand out work, and a thread that got small guides takes more of them. `onResult` is called
 * once per job, with its index. A guide a worker took and never finished (the worker died) is
 * built here. Returns the number of threads that built guides, this one included.
 */
export async function buildSideBySide(
  jobs: GuideJob[],
  workers: number,
  onResult: (index: number, outcome: GuideResult | Error) => void,
): Promise<number> {
  // [next job to take, then per job: 0 not taken, 1 taken by a worker, 2 taken here, 3 reported].
  const shared = new Int32Array(new SharedArrayBuffer(4 * (jobs.length + 1)));
  const report = (index: number, outcome: GuideResult | Error): void => {
    Atomics.store(shared, index + 1, 3);
    onResult(index, outcome);
  };
  const threads: Promise<void>[] = [];
  if (existsSync(WORKER_FILE)) {
    for (let w = 0; w < Math.min(workers, jobs.length - 1); w++) {
      const worker = new Worker(WORKER_FILE);
      threads.push(
        new Promise<void>((resolve) => {
          worker.on('message', (msg: SharedMessage) => {
            if ('done' in msg) {
              void worker.terminate();
              return;
            }
            if (msg.result) report(msg.index, msg.result);
            else {
              const err = new Error(msg.error ?? 'build failed');
              report(msg.index, msg.code ? Object.assign(err, { code: msg.code }) : err);
            }
          });
          worker.on('error', () => {});
          worker.on('exit', () => resolve());
          worker.postMessage({ shared: { jobs, counter: shared } });
        }),
      );
    }
  }
  for (let index = Atomics.add(shared, 0, 1); index < jobs.length; index = Atomics.add(shared, 0, 1)) {
    Atomics.store(shared, index + 1, 2);
    report(index, await runGuideJob(jobs[index] as GuideJob).catch(toError));
  }
  await Promise.all(threads);
  // Left behind by a worker that stopped half-way.
  for (let index = 0; index < jobs.length; index++) {
    if (Atomics.load(shared, index + 1) !== 3)
      report(index, await runGuideJob(jobs[index] as GuideJob).catch(toError));
  }
  return threads.length + 1;
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
