import { describe, expect, it } from 'vitest';
import { renderCheatsheet } from '../../src/render/cheatsheet.js';
import { renderSummary } from '../../src/render/summary.js';
import { bigPack, glyphPack } from './pdf-factory.js';

// Each test file runs in a fresh process: the first render here is the first of the process,
// which sets up the shared fonts, and must give the same bytes as any later one.
describe('reproducible PDFs', () => {
  it('gives the same bytes for the first document of a process and for later ones', async () => {
    const pack = glyphPack();
    const first = await renderCheatsheet(pack, { paper: 'a4' });
    await renderSummary(bigPack(30), { paper: 'a4' });
    const again = await renderCheatsheet(pack, { paper: 'a4' });
    expect(Buffer.compare(first.pdf, again.pdf)).toBe(0);
  });

  it('carries no wall-clock date and no random document id', async () => {
    const { pdf } = await renderSummary(glyphPack(), { paper: 'a4' });
    const text = pdf.toString('latin1');
    const dates = [...text.matchAll(/\(D:(\d{14})Z\)/g)].map((m) => m[1]);
    const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? 0) * 1000;
    const expected = new Date(epoch).toISOString().replace(/\D/g, '').slice(0, 14);
    expect(dates).toEqual([expected, expected]);
    // pdfkit derives the document id from the info dictionary alone: the same for the same pack.
    expect(text).toMatch(/\/ID \[<[0-9a-f]{32}>/);
    const again = (await renderSummary(glyphPack(), { paper: 'a4' })).pdf.toString('latin1');
    expect(again.match(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/)?.[0]).toBe(
      text.match(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/)?.[0],
    );
  });
});
