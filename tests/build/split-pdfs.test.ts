// A pack's PDFs made on two threads (the cheat sheet and the card on the PDF worker, the answers
// here) are the PDFs made in one thread, byte for byte, with the same diagnostics in the same order.
import { afterAll, describe, expect, it } from 'vitest';
import { PdfWorker, packPdfs, SplitPdfs } from '../../src/build/pdfs.js';
import { seedPack } from '../helpers.js';

const worker = PdfWorker.start();
const split = worker ? new SplitPdfs(worker) : null;
afterAll(() => split?.close());

describe('PDFs made on two threads', () => {
  it.skipIf(!split)('are those made in one thread, for every seed', async () => {
    for (const slug of ['podscribe', 'stash', 'flowmingo', 'bytescribe', 'ml-model-serving']) {
      const pack = seedPack(slug);
      const [one, two] = [await packPdfs(pack, { paper: 'a4' }), await split?.pack(pack, { paper: 'a4' })];
      expect(two?.diagnostics, slug).toEqual(one.diagnostics);
      expect(two?.fit, slug).toEqual(one.fit);
      for (const kind of ['sheet', 'card', 'answers'] as const) {
        expect(Buffer.from(two?.[kind] ?? []).equals(Buffer.from(one[kind])), `${slug} ${kind}`).toBe(true);
      }
    }
  });

  it.skipIf(!split)('are made in this thread when the worker has stopped', async () => {
    const stopped = PdfWorker.start();
    await stopped?.close();
    const pack = seedPack('stash');
    const one = await packPdfs(pack, { paper: 'a4' });
    const two = stopped ? await new SplitPdfs(stopped).pack(pack, { paper: 'a4' }) : one;
    expect(two.diagnostics).toEqual(one.diagnostics);
    for (const kind of ['sheet', 'card', 'answers'] as const)
      expect(Buffer.from(two[kind]).equals(Buffer.from(one[kind])), kind).toBe(true);
  });
});
