import { describe, expect, it } from 'vitest';
import { parseRemark } from '../../src/layout/markdown.js';
import { parseLite } from '../../src/layout/markdown-lite.js';
import { layoutCheatsheet, printOrder, renderCheatsheet } from '../../src/render/cheatsheet.js';
import {
  layoutSummary,
  renderCombinedSummary,
  renderSummary,
  renderTemplate,
  summaryView,
} from '../../src/render/summary.js';
import { SEEDS, seedPack } from '../helpers.js';
import { escapes, normalBlocks, pdfPages, pdftotext, squash } from './pdf-factory.js';

const packs = new Map(SEEDS.map((slug) => [slug, seedPack(slug)]));

describe.each(SEEDS)('the %s seed guide in print', (slug) => {
  const pack = packs.get(slug) ?? seedPack(slug);

  it('gives every question back from the cheat sheet, in reading order, and nothing goes missing', async () => {
    const { pdf, pages, diagnostics } = await renderCheatsheet(pack, { paper: 'a4' });
    const text = squash(pdftotext(pdf));
    let at = -1;
    for (const group of printOrder(pack.entries)) {
      for (const { entry } of group.items) {
        const found = text.indexOf(squash(entry.question), at + 1);
        expect(found, entry.question).toBeGreaterThan(at);
        at = found;
      }
    }
    expect(pages).toBeLessThanOrEqual(3);
    expect(diagnostics).toEqual([]);
  });

  it('keeps every run of both PDFs inside its column', () => {
    expect(escapes(layoutCheatsheet(pack, { paper: 'a4' }).pages)).toEqual([]);
    expect(escapes(layoutSummary(pack, { paper: 'letter' }).pages)).toEqual([]);
  });

  it('fits the summary card on one page', async () => {
    const { pdf, pages } = await renderSummary(pack, { paper: 'a4' });
    expect(pages).toBe(1);
    expect((await pdfPages(pdf)).pages).toBe(1);
  });
});

describe('the seed guides together', () => {
  it('have summary cards whose Markdown the plain reader reads as remark does', () => {
    for (const [slug, pack] of packs) {
      const md = renderTemplate(summaryView(pack));
      const lite = parseLite(md);
      expect(lite, slug).not.toBeNull();
      expect(normalBlocks(lite ?? []), slug).toEqual(normalBlocks(parseRemark(md)));
    }
  });

  it('print one summary card per guide', async () => {
    const { pdf, pages } = await renderCombinedSummary([...packs.values()], { paper: 'a4' });
    expect(pages).toBe(SEEDS.length);
    expect((await pdfPages(pdf)).pages).toBe(SEEDS.length);
  });
});
