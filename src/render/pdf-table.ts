// Tables as grids for the answers PDF: columns as wide as their text needs when that fits the
// column, else the page's full width, else wrapped cells in smaller type (down to MIN_SIZE).
// Nothing is ever cut: a word wider than its cell breaks between characters.
import type { MissingGlyph } from '../layout/fallback.js';
import type { FlowBox } from '../layout/flow.js';
import { breakLines } from '../layout/linebreak.js';
import { textWidth } from '../layout/shape.js';
import type { DrawItem, Span } from '../layout/types.js';
import { bold, placeLine, type TextStyle } from './pdf-blocks.js';
import { COLORS, MIN_SIZE } from './pdf-theme.js';

const PAD_X = 3;

function naturalWidth(cell: Span[], size: number): number {
  return breakLines(cell, { width: 1e7, size, color: '#000' }).reduce((w, l) => Math.max(w, l.width), 0);
}

/** The widest word of a cell: a column is never narrower unless the page is. */
function minWidth(cell: Span[], size: number): number {
  let widest = 0;
  for (const span of cell) {
    const face = span.style?.mono ? 'mono' : span.style?.bold ? 'sans-bold' : 'sans';
    for (const word of span.text.split(/\s+/)) {
      if (word) widest = Math.max(widest, textWidth(face, word, size * (span.style?.scale ?? 1)));
    }
  }
  return widest;
}

interface Plan {
  size: number;
  widths: number[];
  wide: boolean;
}

function plan(rows: Span[][][], columnWidth: number, pageWidth: number, size: number): Plan {
  const n = Math.max(...rows.map((r) => r.length));
  const measure = (s: number) => {
    const natural = new Array<number>(n).fill(0);
    const least = new Array<number>(n).fill(0);
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const spans = r === 0 ? bold(cell) : cell;
        natural[c] = Math.max(natural[c] ?? 0, naturalWidth(spans, s));
        least[c] = Math.max(least[c] ?? 0, minWidth(spans, s));
      });
    });
    return { natural, least };
  };
  const pads = 2 * PAD_X * n;
  let { natural, least } = measure(size);
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  if (sum(natural) + pads <= columnWidth) return { size, widths: natural, wide: false };
  if (sum(natural) + pads <= pageWidth) return { size, widths: natural, wide: true };
  // Wrapped cells across the page; smaller type only when even the widest words do not fit.
  let s = size;
  if (sum(least) + pads > pageWidth) {
    s = Math.max(MIN_SIZE, (size * (pageWidth - pads)) / sum(least));
    ({ natural, least } = measure(s));
  }
  const room = pageWidth - pads;
  const fixed = Math.min(sum(least), room);
  const stretch = sum(natural) - sum(least);
  const widths = least.map((w, c) => {
    const share = stretch > 0 ? ((natural[c] ?? 0) - w) / stretch : 1 / n;
    return (w * fixed) / Math.max(sum(least), 1e-6) + share * (room - fixed);
  });
  return { size: s, widths, wide: true };
}

/**
 * A table as one box per row: the header row bold on a tint, a hairline under each row. The
 * boxes are `wide` when the table needs the page's width.
 */
export function tableBoxes(
  rows: Span[][][],
  columnWidth: number,
  pageWidth: number,
  style: TextStyle,
  missing?: MissingGlyph,
): FlowBox[] {
  if (rows.length === 0) return [];
  const indent = style.indent;
  const p = plan(rows, columnWidth - indent, pageWidth, style.size);
  const x0 = p.wide ? 0 : indent;
  const leading = p.size * 1.22;
  const ascent = p.size * 0.93;
  const padY = p.size * 0.28;
  const total = p.widths.reduce((a, w) => a + w + 2 * PAD_X, 0);
  return rows.map((row, r): FlowBox => {
    const cells = p.widths.map((w, c) =>
      breakLines(r === 0 ? bold(row[c] ?? []) : (row[c] ?? []), {
        width: w,
        size: p.size,
        color: COLORS.body,
        missing,
      }),
    );
    const lines = Math.max(1, ...cells.map((c) => c.length));
    const height = lines * leading + 2 * padY;
    const items: DrawItem[] = [];
    if (r === 0) items.push({ kind: 'rect', x: x0, y: 0, w: total, h: height, fill: COLORS.accentTint });
    let x = x0;
    cells.forEach((cellLines, c) => {
      cellLines.forEach((line, k) => {
        items.push(...placeLine(line, x + PAD_X, padY + ascent + k * leading - (leading - p.size) / 4));
      });
      x += (p.widths[c] ?? 0) + 2 * PAD_X;
    });
    items.push({
      kind: 'line',
      x1: x0,
      y1: height,
      x2: x0 + total,
      y2: height,
      color: r === 0 ? COLORS.accent : COLORS.rule,
      width: r === 0 ? 0.6 : 0.35,
    });
    // The header stays with the first row; a table of up to six rows is never split.
    return {
      height,
      spaceBefore: r === 0 ? p.size * 0.4 : 0,
      keepWithPrev: r === 1 || (r > 0 && rows.length <= 6),
      items,
      wide: p.wide,
    };
  });
}
