// Where a build's guides are built: this thread alone, this thread with their PDFs drawn on one
// worker beside it, or a pool of workers that each build whole guides. A worker is started only
// where it pays back what it costs: every thread loads, compiles and warms up the code it runs,
// cold, and a second thread on a core that the build's own helper threads already half use gains
// little.

/**
 * Work, in bytes of guides to build, from which the PDF worker pays: it loads the parser,
 * highlight.js and the PDF code cold (about 0.6 s of CPU), and saves only on a large build.
 * Measured on 2 cores, PDFs on a worker against `--jobs 1`, runs alternated, medians of CPU
 * (user+sys) and wall: 10 guides (372 KB) 7.74 s against 6.96 s of CPU, no wall time gained; 100
 * guides (3.5 MB) 33.95 s against 32.69 s; 1,000 guides (35 MB) 235 s against 245 s of CPU, 246 s
 * against 341 s of wall time. Half the 1,000-guide build, to stay clear of the crossing.
 */
export const PDF_WORKER_BYTES = 16 * 1024 * 1024;

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
  /** Their size in bytes, together. */
  bytes: number;
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
 * being free (see idleCores). The PDF worker needs two guides at least: with one there is
 * nothing to overlap.
 */
export function placement(work: Work, jobs: number, idle: number): Placement {
  const workers = Math.min(jobs, Math.floor(idle), Math.floor(work.guides / GUIDES_PER_WORKER));
  if (workers >= POOL_CORES) return { workers, pdfWorker: false };
  if (jobs >= 2 && work.guides >= 2 && work.bytes >= PDF_WORKER_BYTES) return { workers: 1, pdfWorker: true };
  return ONE_THREAD;
}

/**
 * The cores not running anything, on average over the last minute: the cores this process may use
 * less the load average. The load average lags, counts this machine's waiting on disks too and,
 * in a container, may be the host's: it can only say too few, and so only hold a pool back. The
 * PDF worker does not ask it: at a load of 6 to 8 on 2 cores it still paid at 1,000 guides.
 */
export function idleCores(available: number, load: number): number {
  return Math.max(0, available - load);
}
