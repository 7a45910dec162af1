// Where a build's guides are built: workers only where they pay for their cold start.
import { describe, expect, it } from 'vitest';
import { idleCores, ONE_THREAD, PDF_WORKER_BYTES, placement } from '../../src/build/placement.js';

const KB = 1024;
const MB = 1024 * KB;

describe('placement', () => {
  it('builds the seed guides, one large guide or a hundred guides in this thread alone on two cores', () => {
    expect(placement({ guides: 5, bytes: 128 * KB }, 2, 2)).toEqual(ONE_THREAD);
    expect(placement({ guides: 1, bytes: 132 * KB }, 2, 2)).toEqual(ONE_THREAD);
    expect(placement({ guides: 10, bytes: 372 * KB }, 2, 2)).toEqual(ONE_THREAD);
    expect(placement({ guides: 100, bytes: 3.5 * MB }, 2, 2)).toEqual(ONE_THREAD);
  });

  it('hands the PDFs to one worker from sixteen megabytes of guides, with two jobs or more', () => {
    expect(placement({ guides: 1000, bytes: 35 * MB }, 2, 2)).toEqual({ workers: 1, pdfWorker: true });
    expect(placement({ guides: 400, bytes: PDF_WORKER_BYTES }, 2, 2)).toEqual({
      workers: 1,
      pdfWorker: true,
    });
    expect(placement({ guides: 1000, bytes: 35 * MB }, 1, 2)).toEqual(ONE_THREAD);
  });

  it('never starts a worker for one guide, however large', () => {
    expect(placement({ guides: 1, bytes: 40 * MB }, 8, 8)).toEqual(ONE_THREAD);
  });

  it('starts no pool on two cores, and one with three idle cores and eight guides for each worker', () => {
    expect(placement({ guides: 1000, bytes: 35 * MB }, 2, 2).workers).toBe(1);
    expect(placement({ guides: 24, bytes: 1 * MB }, 4, 4)).toEqual({ workers: 3, pdfWorker: false });
    expect(placement({ guides: 1000, bytes: 35 * MB }, 8, 8)).toEqual({ workers: 8, pdfWorker: false });
    expect(placement({ guides: 16, bytes: 1 * MB }, 4, 4)).toEqual(ONE_THREAD);
  });

  it('holds a pool back to the cores the load leaves idle', () => {
    expect(placement({ guides: 1000, bytes: 35 * MB }, 8, idleCores(8, 3.5))).toEqual({
      workers: 4,
      pdfWorker: false,
    });
    // Busy cores leave the build to one thread and, with work enough, its PDF worker.
    expect(placement({ guides: 1000, bytes: 35 * MB }, 4, idleCores(4, 6))).toEqual({
      workers: 1,
      pdfWorker: true,
    });
    expect(idleCores(2, 9)).toBe(0);
  });
});
