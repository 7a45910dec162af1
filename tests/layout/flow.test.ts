import { describe, expect, it } from 'vitest';
import { keepLines, paragraph } from '../../src/layout/blocks.js';
import { type FlowBox, flow, type PageGeometry } from '../../src/layout/flow.js';
import type { PageLayout } from '../../src/layout/types.js';

const geo: PageGeometry = { width: 300, height: 200, margin: { top: 10, right: 10, bottom: 10, left: 10 } };

/** A box labelled for the test, drawn as one run so its column can be found afterwards. */
function box(label: string, keepWithPrev = false, height = 10): FlowBox {
  return {
    height,
    spaceBefore: 0,
    keepWithPrev,
    items: [
      {
        kind: 'text',
        run: { face: 'sans', size: 7, color: '#000', text: label, x: 0, width: 10 },
        y: 7,
        frame: 0,
      },
    ],
  };
}

/** Labels of each frame's boxes, page by page. */
function columns(pages: PageLayout[]): string[][] {
  const out: string[][] = [];
  for (const page of pages) {
    const cols = page.frames.map(() => [] as string[]);
    for (const item of page.items) if (item.kind === 'text') cols[item.frame]?.push(item.run.text);
    out.push(...cols);
  }
  return out;
}

describe('flow', () => {
  it('fills columns, then pages, in order', () => {
    const boxes = Array.from({ length: 40 }, (_, i) => box(`b${i}`));
    const { pages } = flow([{ columns: 2, gap: 10, boxes, spaceAfter: 0 }], geo);
    expect(pages.length).toBe(2);
    expect(columns(pages).flat()).toEqual(boxes.map((_, i) => `b${i}`));
    expect(columns(pages)[0]?.length).toBe(18);
  });

  it('never breaks a column between boxes that keep together', () => {
    const boxes = Array.from({ length: 16 }, (_, i) => box(`b${i}`));
    boxes.push(box('question'), box('gist line 1', true), box('gist line 2', true));
    const { pages } = flow([{ columns: 2, gap: 10, boxes, spaceAfter: 0 }], geo);
    const cols = columns(pages);
    expect(cols[0]?.at(-1)).toBe('b15');
    expect(cols[1]?.slice(0, 3)).toEqual(['question', 'gist line 1', 'gist line 2']);
  });

  it('leaves no single line of a long paragraph at the foot or the head of a column', () => {
    const filler = Array.from({ length: 17 }, (_, i) => box(`b${i}`));
    const para = Array.from({ length: 6 }, (_, i) => box(`p${i}`));
    keepLines(para);
    const { pages } = flow([{ columns: 2, gap: 10, boxes: [...filler, ...para], spaceAfter: 0 }], geo);
    const cols = columns(pages);
    // One line would fit under the filler; it goes over with the next one instead.
    expect(cols[0]?.at(-1)).toBe('b16');
    expect(cols[1]?.[0]).toBe('p0');
  });

  it('balances the columns of the last page', () => {
    const boxes = Array.from({ length: 9 }, (_, i) => box(`b${i}`));
    const { pages } = flow([{ columns: 3, gap: 10, boxes, spaceAfter: 0, balance: true }], geo);
    expect(columns(pages).map((c) => c.length)).toEqual([3, 3, 3]);
  });

  it('stops at maxPages and says that content was left out', () => {
    const boxes = Array.from({ length: 100 }, (_, i) => box(`b${i}`));
    const result = flow([{ columns: 1, gap: 0, boxes, spaceAfter: 0 }], geo, { maxPages: 1 });
    expect(result.pages.length).toBe(1);
    expect(result.overflow).toBe(true);
  });

  it('drops the space above a box at the top of a column', () => {
    const boxes = Array.from({ length: 30 }, (_, i) => ({ ...box(`b${i}`), spaceBefore: 5 }));
    const { pages } = flow([{ columns: 2, gap: 10, boxes, spaceAfter: 0 }], geo);
    const top = pages[0]?.items.find((i) => i.kind === 'text' && i.frame === 1);
    expect(top?.kind === 'text' ? top.y : null).toBe(17);
  });

  it('lays a paragraph out as one box per line on a shared baseline grid', () => {
    const boxes = paragraph([{ text: 'word '.repeat(60) }], 100, { size: 7, leading: 9, color: '#000' });
    expect(boxes.length).toBeGreaterThan(3);
    expect(new Set(boxes.map((b) => b.height))).toEqual(new Set([9]));
  });

  it('never breaks a paragraph inside its bold lead, or right after it', () => {
    const style = { size: 7, leading: 9, color: '#000' };
    const question = 'How did you optimize the perceived performance of that long wait for the user?';
    const boxes = paragraph(
      [
        { text: question, style: { bold: true } },
        { text: ` ${'Because the bottleneck is the network. '.repeat(6)}` },
      ],
      100,
      style,
    );
    const leadLines = paragraph([{ text: question, style: { bold: true } }], 100, style).length;
    expect(leadLines).toBeGreaterThanOrEqual(2);
    expect(boxes.length).toBeGreaterThan(leadLines + 3);
    // Every line of the lead and the first line after it hold on to the line before.
    for (let k = 1; k <= leadLines; k++) expect(boxes[k]?.keepWithPrev, `line ${k}`).toBe(true);
    // Further on, the usual widow and orphan rules: the middle of the answer may break.
    expect(boxes.slice(leadLines + 2, -2).some((b) => !b.keepWithPrev)).toBe(true);
  });
});
