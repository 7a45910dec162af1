// Building blocks both PDFs are made of: Markdown blocks, category headings, the title band,
// facts and the footer, as flow boxes; and the glyph-missing diagnostics they collect.
import { diagnostic } from '../errors.js';
import { baselineOffset, codeBlock, maxLineGap, paragraph, runItems } from '../layout/blocks.js';
import { codePointName, type MissingGlyph } from '../layout/fallback.js';
import type { FlowBox, Group, PageGeometry } from '../layout/flow.js';
import { breakLines } from '../layout/linebreak.js';
import { type MdBlock, parseMarkdown } from '../layout/markdown.js';
import { formulaBox, loadMath, mathLoaded, typeset } from '../layout/math.js';
import { textWidth } from '../layout/shape.js';
import type { DrawItem, Line, Span, SpanStyle } from '../layout/types.js';
import type { Diagnostic, Fact, Pack, SourcePoint } from '../model.js';
import { COLORS, MIN_SIZE } from './pdf-theme.js';

let groups = 0;
/** A background group; ids only need to differ within one layout. */
export function newGroup(fill: string, indent: number, padY: number, radius?: number): Group {
  groups += 1;
  return { id: groups, fill, indent, padY, radius };
}

const NEEDLES = new WeakMap<Diagnostic, string>();

/**
 * The guide text a diagnostic of this thread is about (a formula's TeX, an image's address), so
 * that the build can find its line: the renderers only know where each question starts.
 */
export function needleOf(d: Diagnostic): string | undefined {
  return NEEDLES.get(d);
}

/** Collects characters no font has, one warning per character and place in the guide. */
export class GlyphReport {
  private readonly seen = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly what: string) {}

  at(source: SourcePoint): MissingGlyph {
    const missing: MissingGlyph = (cp) => {
      const key = `${cp}:${source.file}:${source.line}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      const ch = String.fromCodePoint(cp);
      this.diagnostics.push(
        diagnostic(
          'glyph-missing',
          `No font has a glyph for ${codePointName(cp)} (${JSON.stringify(ch)}); it is left out of the ${this.what}.`,
          source.file,
          source.line,
        ),
      );
    };
    missing.math = (tex, error) => {
      const key = `math:${tex}:${source.file}:${source.line}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      const d = diagnostic(
        'math-invalid',
        `The formula $${tex}$ cannot be typeset (${error}); the PDFs print it as code.`,
        source.file,
        source.line,
      );
      NEEDLES.set(d, tex);
      this.diagnostics.push(d);
    };
    return missing;
  }

  /** Reports a problem of the guide at a place, once; `needle` is the text it is about. */
  add(d: Diagnostic, needle?: string): void {
    const key = `${d.ruleId}:${d.message}:${d.file}:${d.line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (needle) NEEDLES.set(d, needle);
    this.diagnostics.push(d);
  }
}

export interface TextStyle {
  size: number;
  leading: number;
  color: string;
  indent: number;
}

function holdsMath(blocks: MdBlock[]): boolean {
  return blocks.some((b) => {
    switch (b.kind) {
      case 'math':
        return true;
      case 'paragraph':
      case 'heading':
        return b.spans.some((s) => s.math !== undefined);
      case 'list':
        return b.items.some(holdsMath);
      case 'quote':
        return holdsMath(b.blocks);
      case 'table':
        return b.rows.some((row) => row.some((cell) => cell.some((s) => s.math !== undefined)));
      default:
        return false;
    }
  });
}

/**
 * A question (plain text) as spans, its formulas (`$…$`, by the guide's rule for prices) set as
 * math, the rest as written.
 */
export function questionSpans(question: string, style: SpanStyle): Span[] {
  const plain: Span[] = [{ text: question, style }];
  if (!question.includes('$')) return plain;
  const formulas = parseMarkdown(question).flatMap((b) =>
    b.kind === 'paragraph' ? b.spans.filter((s) => s.math !== undefined).map((s) => s.math ?? '') : [],
  );
  const out: Span[] = [];
  let at = 0;
  for (const tex of formulas) {
    const found = question.indexOf(`$${tex}$`, at);
    if (found < 0) return plain;
    if (found > at) out.push({ text: question.slice(at, found), style });
    out.push({ text: tex, style: { ...style, mono: true }, math: tex });
    at = found + tex.length + 2;
  }
  if (at < question.length) out.push({ text: question.slice(at), style });
  return out;
}

/**
 * Loads MathJax when the pack holds a formula, before it is laid out (layout is synchronous);
 * a pack without one never loads it. A `$` that is a price is no formula.
 */
export async function prepareMath(pack: Pack): Promise<void> {
  if (mathLoaded()) return;
  const texts = [
    pack.project.pitch,
    ...pack.entries.flatMap((e) => [e.question, e.gist, e.prompt, e.answer]),
  ];
  for (const text of texts) {
    if (text.includes('$') && holdsMath(parseMarkdown(text))) {
      await loadMath();
      return;
    }
  }
}

/**
 * What the answers PDF prints in full where the cheat sheet makes do: coloured code, tables as
 * grids, pictures, quotes with a bar.
 */
export interface RichBlocks {
  /** Coloured spans per code line, or null for plain code. */
  colorize(lines: string[], lang: string | undefined): Span[][] | null;
  table(rows: Span[][][], width: number, style: TextStyle, missing?: MissingGlyph): FlowBox[];
  image(url: string, alt: string, width: number, style: TextStyle, missing?: MissingGlyph): FlowBox[];
}

export interface MarkdownOptions {
  keepFirst: boolean;
  missing?: MissingGlyph;
  paraGap?: number;
  rich?: RichBlocks;
}

/**
 * A display formula centred in the column, scaled down when wider; one that cannot be typeset
 * prints as code and is reported.
 */
export function displayMath(tex: string, width: number, style: TextStyle, missing?: MissingGlyph): FlowBox[] {
  const set = mathLoaded() ? typeset(tex, true) : null;
  if (set?.ok) {
    const room = width - style.indent;
    const box = formulaBox(set.formula, style.size, room);
    const pad = style.size * 0.35;
    const x = style.indent + (room - box.width) / 2;
    return [
      {
        height: box.ascent + box.descent + 2 * pad,
        spaceBefore: style.size * 0.3,
        keepWithPrev: false,
        items: box.draw(x, pad + box.ascent, style.color),
      },
    ];
  }
  if (set && !set.ok) missing?.math?.(tex, set.error);
  return codeBoxes(tex, undefined, width, style, { missing });
}

/** Box drawing and arrows: code that is a drawing. */
const DRAWING = /[│─┌┐└┘├┤┬┴┼═║→←↑↓▶▼]/;

/** A code block of up to this many lines is never split between columns (answers PDF). */
const CODE_KEEP_LINES = 16;

function codeBoxes(
  text: string,
  lang: string | undefined,
  width: number,
  style: TextStyle,
  opts: { missing?: MissingGlyph; rich?: RichBlocks },
): FlowBox[] {
  const rich = opts.rich;
  const indent = style.indent + 2.5;
  const room = width - indent - 2;
  let size = style.size;
  if (rich) {
    // Code a little too wide for the column is set a little smaller to keep its lines whole;
    // a drawing in box characters or arrows, which wrapping would break apart, down to MIN_SIZE.
    // Wider code wraps.
    const widest = Math.max(
      0,
      ...text.split('\n').map((l) => textWidth('mono', l.replace(/\t/g, '    '), size)),
    );
    const floor = DRAWING.test(text) ? MIN_SIZE : Math.max(MIN_SIZE, size * 0.85);
    if (widest > room && (widest * floor) / size <= room)
      size = Math.max(floor, (size * room) / widest - 0.01);
  }
  const group = newGroup(COLORS.codeBg, style.indent, 1.2, 1.5);
  const code = { size, leading: size * 1.18, color: COLORS.text, indent, rightIndent: 2 };
  const colorize = rich ? (lines: string[]) => rich.colorize(lines, lang) ?? [] : undefined;
  const boxes = codeBlock(text, width, code, { missing: opts.missing, group, spaceBefore: 1, colorize });
  if (rich && boxes.length <= CODE_KEEP_LINES) for (const b of boxes.slice(1)) b.keepWithPrev = true;
  return boxes;
}

/** A bar at the left of a block quote's lines, through the gaps between its paragraphs. */
function quoteBar(boxes: FlowBox[], x: number): void {
  boxes.forEach((b, k) => {
    const top = k === 0 ? 0 : -b.spaceBefore;
    b.items.push({ kind: 'line', x1: x, y1: top, x2: x, y2: b.height, color: COLORS.rule, width: 1.4 });
  });
}

/** Markdown blocks (a gist, a template's output) as boxes; the first keeps with what precedes. */
export function markdownBoxes(
  blocks: MdBlock[],
  width: number,
  style: TextStyle,
  opts: MarkdownOptions,
): FlowBox[] {
  const out: FlowBox[] = [];
  const gap = opts.paraGap ?? 0;
  const add = (boxes: FlowBox[]) => {
    const first = boxes[0];
    if (first) {
      if (out.length === 0) {
        first.spaceBefore = 0;
        first.keepWithPrev = opts.keepFirst;
      } else first.spaceBefore = Math.max(first.spaceBefore, gap);
    }
    out.push(...boxes);
  };
  const para = { size: style.size, leading: style.leading, color: style.color, indent: style.indent };
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        add(paragraph(block.spans, width, para, { missing: opts.missing }));
        break;
      case 'heading':
        add(paragraph(bold(block.spans), width, para, { missing: opts.missing }));
        break;
      case 'quote': {
        const inset = opts.rich ? style.size * 0.9 : 0;
        const quoted = markdownBoxes(
          block.blocks,
          width,
          { ...style, color: COLORS.muted, indent: style.indent + inset },
          { ...opts, keepFirst: false },
        );
        if (opts.rich) quoteBar(quoted, style.indent + 1);
        add(quoted);
        break;
      }
      case 'code':
        add(codeBoxes(block.text, block.lang, width, style, opts));
        break;
      case 'math':
        add(displayMath(block.tex, width, style, opts.missing));
        break;
      case 'image':
        if (opts.rich) add(opts.rich.image(block.url, block.alt, width, style, opts.missing));
        else if (block.alt)
          add(
            paragraph([{ text: block.alt, style: { italic: true } }], width, {
              ...para,
              color: COLORS.muted,
            }),
          );
        break;
      case 'list':
        block.items.forEach((item, k) => {
          const marker = block.ordered ? `${block.start + k}.` : '•';
          const [head, ...rest] = item;
          const markerGap = style.size * 0.35;
          const widest = block.ordered ? `${block.start + block.items.length - 1}.` : marker;
          // Nesting indents, but never past the middle of the column: text always has room.
          const inner = Math.min(style.indent + textWidth('sans', widest, style.size) + markerGap, width / 2);
          const spans = head?.kind === 'paragraph' ? head.spans : [];
          add(
            paragraph(
              spans,
              width,
              { ...para, indent: inner, marker: [{ text: marker }], markerGap },
              {
                missing: opts.missing,
              },
            ),
          );
          if (head && head.kind !== 'paragraph') rest.unshift(head);
          if (rest.length > 0)
            add(markdownBoxes(rest, width, { ...style, indent: inner }, { ...opts, keepFirst: true }));
        });
        break;
      case 'table':
        if (opts.rich) {
          add(opts.rich.table(block.rows, width, style, opts.missing));
          break;
        }
        for (const row of block.rows) {
          const spans: Span[] = [];
          row.forEach((cell, c) => {
            if (c > 0) spans.push({ text: ' · ', style: { color: COLORS.faint } });
            spans.push(...(c === 0 ? bold(cell) : cell));
          });
          add(
            paragraph(
              spans,
              width,
              { ...para, indent: style.indent + 6, firstOffset: -6 },
              { missing: opts.missing },
            ),
          );
        }
        break;
      case 'rule':
        break;
    }
  }
  return out;
}

export function bold(spans: Span[]): Span[] {
  return spans.map((s) => ({ ...s, style: { ...s.style, bold: true } }));
}

/**
 * A category heading: the label on a tinted band, the count at the right; long labels wrap. The
 * band sits inside the line grid (see maxLineGap), so the heading never splits a column's text.
 */
export function headingBoxes(
  label: string,
  count: string,
  width: number,
  style: { size: number; leading: number },
  opts: { missing?: MissingGlyph },
): FlowBox[] {
  const { size, leading } = style;
  const pad = size * 0.45;
  const [right] = count ? breakLines([{ text: count }], { width, size, color: COLORS.onAccentMuted }) : [];
  const countW = right ? right.width + pad : 0;
  const lines = breakLines([{ text: label, style: { bold: true } }], {
    width: width - 2 * pad - countW,
    size,
    color: COLORS.onAccent,
    missing: opts.missing,
  });
  const offset = baselineOffset(size, leading);
  const gap = maxLineGap(size);
  // First baseline as low as the grid allows below the line above; last one as high above the next.
  const first = gap - (leading - offset);
  const last = first + (lines.length - 1) * leading;
  const height = last + gap - offset;
  const ascent = size * 0.93;
  const descent = size * 0.24;
  const bandPad = size * 0.09;
  const top = first - ascent - bandPad;
  const items: DrawItem[] = [
    {
      kind: 'rect',
      x: 0,
      y: top,
      w: width,
      h: last + descent + bandPad - top,
      fill: COLORS.accent,
      radius: 1.2,
    },
  ];
  lines.forEach((line, k) => {
    items.push(...placeLine(line, pad, first + k * leading));
  });
  if (right) items.push(...placeLine(right, width - pad - right.width, first));
  return [{ height, spaceBefore: 0, keepWithPrev: false, items }];
}

export function placeLine(line: Line, dx: number, baseline: number): DrawItem[] {
  return line.runs.flatMap((run) => runItems(run, dx, baseline));
}

/** The title band: the project's name large, a right-aligned note, the pitch, and a rule. */
export function titleBoxes(
  title: string,
  note: string,
  pitch: Span[],
  width: number,
  sizes: { title: number; pitch: number },
  missing?: MissingGlyph,
): FlowBox[] {
  const [noteLine] = breakLines([{ text: note }], { width, size: sizes.pitch, color: COLORS.muted, missing });
  const noteW = noteLine ? noteLine.width + sizes.pitch : 0;
  const titleStyle = {
    size: sizes.title,
    leading: sizes.title * 1.15,
    color: COLORS.accent,
    rightIndent: noteW,
  };
  const boxes = paragraph([{ text: title, style: { bold: true } }], width, titleStyle, { missing });
  const first = boxes[0];
  if (first && noteLine) {
    first.items.push(
      ...placeLine(noteLine, width - noteLine.width, baselineOffset(sizes.title, titleStyle.leading)),
    );
  }
  for (const b of boxes) b.keepWithPrev = b !== first;
  if (pitch.length > 0) {
    // A line of about a hundred characters, not a whole page width: long lines are hard to follow.
    const measure = Math.min(width, sizes.pitch * 52);
    const para = {
      size: sizes.pitch,
      leading: sizes.pitch * 1.3,
      color: COLORS.body,
      rightIndent: width - measure,
    };
    boxes.push(
      ...paragraph(pitch, width, para, { spaceBefore: sizes.pitch * 0.3, keepWithPrev: true, missing }),
    );
  }
  boxes.push({
    height: 4,
    spaceBefore: 1,
    keepWithPrev: true,
    items: [{ kind: 'line', x1: 0, y1: 2.5, x2: width, y2: 2.5, color: COLORS.accent, width: 0.8 }],
  });
  return boxes;
}

/** Facts as `label: value — note` lines with a hanging indent, grouped under their table's heading. */
export function factBoxes(facts: Fact[], width: number, size: number, missing?: MissingGlyph): FlowBox[] {
  const out: FlowBox[] = [];
  let group: string | undefined;
  const leading = size * 1.28;
  for (const fact of facts) {
    const headed = Boolean(fact.group && fact.group !== group);
    if (headed) {
      group = fact.group;
      const style = { size, leading, color: COLORS.accent };
      const head = paragraph([{ text: fact.group ?? '', style: { bold: true } }], width, style, { missing });
      if (head[0] && out.length > 0) head[0].spaceBefore = Math.max(0, maxLineGap(size) - leading - 0.2);
      out.push(...head);
    }
    const spans: Span[] = fact.label
      ? [{ text: fact.label, style: { bold: true } }, { text: ': ' }, { text: fact.value }]
      : [{ text: fact.value }];
    if (fact.note) spans.push({ text: ` — ${fact.note}`, style: { color: COLORS.muted } });
    const style = { size, leading, color: COLORS.body, indent: size, firstOffset: -size };
    // The first fact of a group stays with the group's heading.
    out.push(...paragraph(spans, width, style, { missing, keepWithPrev: headed }));
  }
  return out;
}

/**
 * The footer every page carries, right-aligned: under the last column it is read after all of
 * them, where a footer at the left would be read between the first column and the second.
 */
export function footerItems(text: string, page: number, pages: number, geometry: PageGeometry): DrawItem[] {
  const size = 6.2;
  const width = geometry.width - geometry.margin.left - geometry.margin.right;
  // Its lowest ink 24 pt (8.5 mm) above the edge: printers that leave a quarter inch blank print it.
  const y = geometry.height - geometry.margin.bottom + 12;
  const [line] = breakLines([{ text: `${text} · ${page}/${pages}` }], { width, size, color: COLORS.faint });
  if (!line) return [];
  return placeLine(line, geometry.width - geometry.margin.right - line.width, y).map((item) =>
    item.kind === 'text' ? { ...item, frame: -1 } : item,
  );
}
