// Where a build's guides are built: workers only where they can pay for their cold start.
import { describe, expect, it } from 'vitest';
import { idleCores, ONE_THREAD, placement } from '../../src/build/placement.js';

describe('placement', () => {
  it('builds every row of the bench in this thread alone on two cores, whatever --jobs says', () => {
    for (const guides of [1, 5, 10, 100, 1000]) expect(placement({ guides }, 2, 2)).toEqual(ONE_THREAD);
  });

  it('starts a pool with three idle cores and eight guides for each worker', () => {
    expect(placement({ guides: 24 }, 4, 4)).toEqual({ workers: 3, pdfWorker: false });
    expect(placement({ guides: 1000 }, 8, 8)).toEqual({ workers: 8, pdfWorker: false });
    expect(placement({ guides: 16 }, 4, 4)).toEqual(ONE_THREAD);
    expect(placement({ guides: 1000 }, 1, 8)).toEqual(ONE_THREAD);
  });

  it('holds a pool back to the cores the load leaves idle', () => {
    expect(placement({ guides: 1000 }, 8, idleCores(8, 3.5))).toEqual({ workers: 4, pdfWorker: false });
    expect(placement({ guides: 1000 }, 4, idleCores(4, 2))).toEqual(ONE_THREAD);
    expect(idleCores(2, 9)).toBe(0);
  });
});
