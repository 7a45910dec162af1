// Where a build's guides are built: this thread alone, this thread with their PDFs on one worker
// beside it, or a pool of workers that each build whole guides.

/**
 * Below this many guides to build per worker, building them all in this thread (the PDFs on one
 * worker) is faster: each pool worker loads the parser, the PDF code, the fonts, SQLite and the
 * NLP model cold. At 10 guides, two workers took 1.10× the wall time and 1.38× the CPU of
 * `--jobs 1`; this thread with its PDF worker takes 0.87× and 1.03× (npm run bench --jobs-check).
 */
const GUIDES_PER_WORKER = 8;

export interface Placement {
  /** Pool workers that build whole guides; 1 builds them in this thread. */
  workers: number;
  /** Whether this thread hands the PDFs of the guides it builds to one worker. */
  pdfWorker: boolean;
}

/**
 * A pool of workers, a few guides in flight at a time. Each thread starts every stage cold
 * (loading, compiling and warming up the parser, the layout and the fonts costs about a second):
 * worth it only with several guides to build per worker. Below that this thread builds them all,
 * and hands their PDFs to one worker, so that it parses one guide while the worker draws another:
 * with one guide there is nothing to overlap, and this thread does it all (measured faster, and
 * lighter, at 300 guides).
 */
export function placement(guides: number, jobs: number): Placement {
  const workers = Math.min(jobs, Math.floor(guides / GUIDES_PER_WORKER));
  if (workers >= 2) return { workers, pdfWorker: false };
  return { workers: 1, pdfWorker: jobs >= 2 && guides >= 2 };
}
