// Typeset blocks (paragraphs, code, rules, spacers) as flow boxes: one box per line, with the
// keeps that give widow and orphan control and a common baseline grid.
import type { MissingGlyph } from './fallback.js';
import type { FlowBox, Group } from './flow.js';
import { getFace } from './fonts.js';
import { breakLines } from './linebreak.js';
import { textWidth } from './shape.js';
import type { DrawItem, Line, Run, Span } from './types.js';

export interface ParagraphStyle {
  size: number;
  /** Baseline to baseline. */
  leading: number;
  color: string;
  /** Left indent of every line, from the column's edge. */
  indent?: number;
  /** Where the first line starts relative to the others. */
  firstOffset?: number;
  /** Drawn in the indent, on the first line's baseline, right-aligned `markerGap` before the text. */
  marker?: Span[];
  markerGap?: number;
  /** Code: spaces and indentation kept. */
  preserve?: boolean;
  /** Code: how much further a wrapped line's continuation is indented, with a hook in front. */
  continuationIndent?: number;
  /** Right indent, from the column's right edge. */
  rightIndent?: number;
}

export interface BlockOptions {
  spaceBefore?: number;
  /** Keep the first line with whatever precedes it (a question with its gist, a heading with its first entry). */
  keepWithPrev?: boolean;
  group?: Group;
  missing?: MissingGlyph;
}

/**
 * The most space that may separate two lines of one column. Text extractors (poppler's
 * pdftotext) group lines into a block only while baselines are at most 1.5 font sizes apart and
 * the font size stays the same; neighbouring columns cut into many blocks that happen to line up
 * are taken for a table and read across. A column that stays one block reads top to bottom.
 */
export function maxLineGap(size: number): number {
  return 1.42 * size;
}

/** Where the baseline sits in a line box, so that every face shares the sans grid. */
export function baselineOffset(size: number, leading: number): number {
  const sans = getFace('sans');
  const ascent = (sans.ascent * size) / 1000;
  const descent = (-sans.descent * size) / 1000;
  return (leading - ascent - descent) / 2 + ascent;
}

/** The runs of a fresh line as text items, moved by `dx` (the line is not used again). */
function lineItems(line: Line, dx: number, baseline: number): DrawItem[] {
  return line.runs.flatMap((run): DrawItem[] => {
    run.x += dx;
    if (run.box) return run.box.draw(run.x, baseline, run.color);
    return [{ kind: 'text', run, y: baseline, frame: 0 }];
  });
}

/** A run placed at (dx, baseline) without changing it: text, or what its box draws. */
export function runItems(run: Run, dx: number, baseline: number): DrawItem[] {
  if (run.box) return run.box.draw(run.x + dx, baseline, run.color);
  return [{ kind: 'text', run: { ...run, x: run.x + dx }, y: baseline, frame: 0 }];
}

/** How far a line's inline boxes (formulas) reach above and below its baseline. */
function boxExtent(line: Line): { ascent: number; descent: number } {
  let ascent = 0;
  let descent = 0;
  for (const run of line.runs) {
    if (!run.box) continue;
    ascent = Math.max(ascent, run.box.ascent);
    descent = Math.max(descent, run.box.descent);
  }
  return { ascent, descent };
}

/**
 * Sets keeps for widow and orphan control: paragraphs of up to three lines never break, longer
 * ones leave at least two lines at the foot of a column and two at the head of the next.
 */
export function keepLines(boxes: FlowBox[], from = 1): void {
  const n = boxes.length;
  for (let k = from; k < n; k++) {
    const b = boxes[k] as FlowBox;
    b.keepWithPrev = b.keepWithPrev || n <= 3 || k === 1 || k === n - 1;
  }
}

export function paragraph(
  spans: Span[],
  width: number,
  style: ParagraphStyle,
  opts: BlockOptions = {},
): FlowBox[] {
  const indent = style.indent ?? 0;
  const lines = breakLines(spans, {
    width: width - indent - (style.rightIndent ?? 0),
    size: style.size,
    color: style.color,
    preserve: style.preserve,
    firstOffset: style.firstOffset,
    continuationIndent: style.continuationIndent,
    missing: opts.missing,
  });
  const normal = baselineOffset(style.size, style.leading);
  const baselines: number[] = [];
  const boxes = lines.map((line, k): FlowBox => {
    // A line with a formula taller than the text grows by what it needs, above and below.
    const { ascent, descent } = boxExtent(line);
    const above = Math.max(0, ascent + style.size * 0.12 - normal);
    const below = Math.max(0, descent + style.size * 0.08 - (style.leading - normal));
    baselines.push(normal + above);
    return {
      height: style.leading + above + below,
      spaceBefore: k === 0 ? (opts.spaceBefore ?? 0) : 0,
      keepWithPrev: k === 0 ? (opts.keepWithPrev ?? false) : false,
      items: lineItems(line, indent, normal + above),
      group: opts.group,
    };
  });
  const cont = style.continuationIndent ?? 0;
  if (cont > 0) {
    lines.forEach((line, k) => {
      const x = line.runs[0]?.x;
      if (k > 0 && x !== undefined)
        boxes[k]?.items.push(...hook(x - cont, cont, baselines[k] ?? normal, style.size));
    });
  }
  const first = boxes[0];
  if (style.marker && first) {
    const [mark] = breakLines(style.marker, {
      width: 1000,
      size: style.size,
      color: style.color,
      missing: opts.missing,
    });
    if (mark) {
      const x = indent + (style.firstOffset ?? 0) - (style.markerGap ?? 0) - mark.width;
      first.items.push(...lineItems(mark, x, baselines[0] ?? normal));
    }
  }
  keepLines(boxes);
  keepLead(spans, lines, boxes);
  return boxes;
}

/** A bold lead longer than this is a bold paragraph, free to break like any other. */
const LEAD_MAX = 300;

/**
 * A paragraph that opens in bold (`**How did you …?** — gist`) never breaks inside its bold lead,
 * nor right after it: the lead is a question or a label, and means nothing alone at the foot of a
 * column.
 */
function keepLead(spans: Span[], lines: Line[], boxes: FlowBox[]): void {
  let lead = 0;
  for (const span of spans) {
    if (!span.style?.bold) break;
    lead += span.text.length;
  }
  if (lead === 0 || lead > LEAD_MAX) return;
  let at = 0;
  for (let k = 0; k < lines.length - 1 && at < lead; k++) {
    at += (lines[k]?.runs ?? []).reduce((n, r) => n + r.text.length, 0);
    const next = boxes[k + 1];
    if (next) next.keepWithPrev = true;
  }
}

/** A small ↪ drawn as lines, not text: it marks a continuation without entering the text layer. */
function hook(x: number, width: number, baseline: number, size: number): DrawItem[] {
  const color = '#9aa1aa';
  const w = Math.max(0.35, size * 0.055);
  const top = baseline - size * 0.62;
  const y = baseline - size * 0.22;
  const x0 = x + width * 0.2;
  const x1 = x + width * 0.8;
  const head = size * 0.13;
  return [
    { kind: 'line', x1: x0, y1: top, x2: x0, y2: y, color, width: w },
    { kind: 'line', x1: x0, y1: y, x2: x1, y2: y, color, width: w },
    { kind: 'line', x1: x1 - head, y1: y - head, x2: x1, y2: y, color, width: w },
    { kind: 'line', x1: x1 - head, y1: y + head, x2: x1, y2: y, color, width: w },
  ];
}

/**
 * A code block: each source line keeps its indentation; a line too long for the column wraps
 * with the same indentation plus two spaces, a hook marking the continuation.
 */
export function codeBlock(
  text: string,
  width: number,
  style: ParagraphStyle,
  opts: BlockOptions & { colorize?: (lines: string[]) => Span[][] } = {},
): FlowBox[] {
  const boxes: FlowBox[] = [];
  const source = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const lines = source.split('\n').map(expandTabs);
  // Coloured spans per line (highlighted code), else each line as one mono span.
  const colored = opts.colorize?.(lines);
  for (const [k, line] of lines.entries()) {
    if (!line.trim()) {
      // A blank line of code: a small gap, not a full line, so the column stays one text block.
      const gap = Math.max(0, Math.min(style.leading * 0.4, maxLineGap(style.size) - style.leading));
      boxes.push({ height: gap, spaceBefore: 0, keepWithPrev: true, items: [], group: opts.group });
      continue;
    }
    const spans = colored?.[k]?.map((span) => ({ ...span, style: { ...span.style, mono: true } }));
    const part = paragraph(
      spans && spans.length > 0 ? spans : [{ text: line, style: { mono: true } }],
      width,
      { ...style, preserve: true, continuationIndent: textWidth('mono', '  ', style.size) },
      opts,
    );
    part.forEach((b, k) => {
      b.spaceBefore = boxes.length === 0 && k === 0 ? (opts.spaceBefore ?? 0) : 0;
      // A wrapped source line stays together: its continuation makes no sense on its own.
      b.keepWithPrev = boxes.length === 0 && k === 0 ? (opts.keepWithPrev ?? false) : k > 0;
      boxes.push(b);
    });
  }
  keepLines(boxes);
  return boxes;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(4 - (out.length % 4));
    else out += ch;
  }
  return out;
}
