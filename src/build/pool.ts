// Runs guide jobs on a pool of worker threads. The build submits one guide at a time and keeps
// at most a few in flight, so memory stays flat however many guides there are.
import type { GuideJob, GuideResult } from './guide-job.js';
import { IN_THREAD, type PdfMaker } from './pdfs.js';
import { compiledWorker, WorkerThread } from './thread.js';

interface Slot {
  thread: WorkerThread;
  busy: boolean;
}

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];

  /**
   * `jobs` ≤ 1, or no compiled worker (under the tests), runs jobs in this thread, with their
   * PDFs made by `pdfs`.
   */
  constructor(
    jobs: number,
    private readonly pdfs: PdfMaker = IN_THREAD,
  ) {
    const file = jobs > 1 ? compiledWorker('worker') : null;
    if (!file) return;
    for (let i = 0; i < jobs; i++) this.slots.push({ thread: new WorkerThread(file), busy: false });
  }

  get threads(): number {
    return Math.max(1, this.slots.length);
  }

  /** Runs one guide job; resolves when its outputs are written. */
  async run(job: GuideJob): Promise<GuideResult> {
    if (this.slots.length === 0) {
      // Loaded with the first guide to build: a build with nothing to do never loads the reader,
      // the parser or the extraction.
      const { runGuideJob } = await import('./guide-job.js');
      return runGuideJob(job, this.pdfs);
    }
    let slot = this.slots.find((s) => !s.busy);
    while (!slot) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      slot = this.slots.find((s) => !s.busy);
    }
    slot.busy = true;
    try {
      return await slot.thread.ask<GuideResult>({ job });
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.thread.close()));
  }
}
