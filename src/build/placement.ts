// Where a build's guides are built: this thread alone, or a pool of workers that each build whole
// guides (or, when a placement is given, this thread with their PDFs drawn on one worker beside
// it). A worker is started only where it can pay back what it costs: every thread loads, compiles
// and warms up the code it runs, cold, and a second thread on a core that the build's own helper
// threads (V8's compiler and garbage collector) already half use gains little.

// Why no default build hands its PDFs to one worker (the code stays for a placement given): the
// worker loads the parser, highlight.js and the PDF code cold (about 0.6 s of CPU) and never paid
// it back for certain. Measured on 2 cores against `--jobs 1`, runs alternated, CPU (user+sys):
// 10 guides 7.74 s against 6.96 s (medians of 3), 100 guides 33.95 s against 32.69 s (medians of
// 3), 1,000 guides 269 s against 253 s (medians of 4 pairs: 235/245, 279/261, 269/290, 269/237),
// though its wall time was lower in 3 pairs of 4.

/**
 * Guides to build per pool worker, and the idle cores a pool needs. A pool worker loads everything
 * cold (the parser, the PDF code, the fonts, SQLite, the NLP model): a pool of two cost 12–15%
 * more CPU than one thread at 100 and 1,000 guides on 2 cores (37.1 s against 33.1 s; 274 s
 * against 245 s) and gained no steady wall time, so it is never started on two cores. With three
 * idle cores or more, it buys wall time with that CPU.
 */
const GUIDES_PER_WORKER = 8;
const POOL_CORES = 3;

/** What a build has to do. */
export interface Work {
  /** Guides to build. */
  guides: number;
}

export interface Placement {
  /** Pool workers that build whole guides; 1 builds them in this thread. */
  workers: number;
  /** Whether this thread hands the PDFs of the guides it builds to one worker. */
  pdfWorker: boolean;
}

export const ONE_THREAD: Placement = { workers: 1, pdfWorker: false };

/**
 * Where `work` is built with at most `jobs` threads (`--jobs`, at most the cores), `idle` cores
 * being free (see idleCores).
 */
export function placement(work: Work, jobs: number, idle: number): Placement {
  const workers = Math.min(jobs, Math.floor(idle), Math.floor(work.guides / GUIDES_PER_WORKER));
  if (workers >= POOL_CORES) return { workers, pdfWorker: false };
  return ONE_THREAD;
}

/**
 * The cores not running anything, on average over the last minute: the cores this process may use
 * less the load average. The load average lags, counts this machine's waiting on disks too and,
 * in a container, may be the host's: it can only say too few, and so only hold a pool back.
 */
export function idleCores(available: number, load: number): number {
  return Math.max(0, available - load);
}
