// Builds the planned guides where `placement` says, a few in flight at a time so that memory stays
// flat however many there are, and hands on each guide's outcome as it comes.
import { availableParallelism, loadavg } from 'node:os';
import type { GuideResult } from './guide-job.js';
import { IN_THREAD, type PdfMaker, PdfWorker } from './pdfs.js';
import { idleCores, type Placement, placement } from './placement.js';
import type { Planned } from './plan.js';
import { RenderPool } from './pool.js';
import type { GuideReport } from './report.js';
import { guideJob, type SettleContext, type Settled, settleGuide } from './settle.js';

export interface GuideRun {
  /** Threads that built guides or their PDFs: 1 when this thread built them alone. */
  threads: number;
  /**
   * Where the combined summary is drawn: on the PDF worker when one drew the packs' PDFs (this
   * thread has not loaded the PDF code), else in this thread; never on a worker started for it.
   */
  combinedPdfs: PdfMaker;
  /** Stops the PDF worker, once the combined summary no longer needs it. */
  close(): Promise<void>;
}

/**
 * Builds every planned guide; `onDone` hears each one's outcome, or its report when it could not
 * be read. `place` is chosen from the work, `jobs` and the idle cores when not given. `here`
 * makes the PDFs of the guides built in this thread, unless a PDF worker is placed.
 */
export async function runGuides(
  planned: Planned[],
  jobs: number,
  ctx: SettleContext,
  onDone: (p: Planned, outcome: Settled) => void,
  place: Placement = placement(
    { guides: planned.length },
    jobs,
    idleCores(availableParallelism(), loadavg()[0] ?? 0),
  ),
  here: PdfMaker = IN_THREAD,
): Promise<GuideRun> {
  const pdfWorker = place.pdfWorker ? PdfWorker.start() : null;
  const close = async (): Promise<void> => {
    await pdfWorker?.close();
  };
  try {
    const pool = new RenderPool(place.workers, pdfWorker ?? here);
    const threads = pool.threads + (pdfWorker ? 1 : 0);
    const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
    const unread = (report: GuideReport): Settled => ({
      report,
      environmentFailed: false,
      manifestChanged: false,
    });
    const inflight: Promise<void>[] = [];
    try {
      for (const p of planned) {
        const made = guideJob(p, ctx);
        if (!('job' in made)) {
          onDone(p, unread(made));
          continue;
        }
        const settle = (outcome: GuideResult | Error) => onDone(p, settleGuide(p, made.input, outcome, ctx));
        inflight.push(pool.run(made.job).then(settle, (err: unknown) => settle(asError(err))));
        if (inflight.length >= threads * 2) await inflight.shift();
      }
      await Promise.all(inflight);
    } finally {
      await pool.close();
    }
    return { threads, combinedPdfs: pdfWorker ?? here, close };
  } catch (err) {
    await close();
    throw err;
  }
}
