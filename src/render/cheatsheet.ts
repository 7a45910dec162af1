// The cheat sheet: every question of a guide, grouped by category in taxonomy order, in dense
// columns under a title band and a box of key facts; follow-ups sit indented under their parent.
import { maxLineGap, paragraph } from '../layout/blocks.js';
import { drawPdf } from '../layout/draw.js';
import type { MissingGlyph } from '../layout/fallback.js';
import { type FlowBox, flow, type Section } from '../layout/flow.js';
import { parseMarkdown } from '../layout/markdown.js';
import type { PageLayout, Span } from '../layout/types.js';
import { CATEGORIES, type Diagnostic, type Entry, type Pack } from '../model.js';
import {
  factBoxes,
  footerItems,
  GlyphReport,
  headingBoxes,
  markdownBoxes,
  prepareMath,
  questionSpans,
  titleBoxes,
} from './pdf-blocks.js';
import { COLORS, geometry, type PdfOptions } from './pdf-theme.js';

export interface PdfResult {
  pdf: Buffer;
  pages: number;
  diagnostics: Diagnostic[];
}

export interface PdfLayout {
  pages: PageLayout[];
  diagnostics: Diagnostic[];
}

// One size for all the body text: a column in one font size reads as one text block (maxLineGap).
const SIZE = { body: 7.2, facts: 6.8, title: 15, pitch: 7.6 };
const LEADING = 8.7;
/** Extra space above a question, above a follow-up: as much as the line grid allows. */
const ENTRY_GAP = Math.min(1.6, maxLineGap(SIZE.body) - LEADING - 0.2);
const FOLLOW_UP_GAP = ENTRY_GAP * 0.4;
const COLUMNS = 3;
const GAP = 13;
const FOLLOW_UP_INDENT = 8.5;
const GIST_INDENT = 0;
/**
 * A prompt up to this many lines (under half a column) moves to the next column with its question
 * rather than be split: a snippet read in pieces across columns is hard to follow. A longer one
 * keeps its first lines with the question and breaks where its lines allow.
 */
const PROMPT_KEEP_LINES = 40;
/** A prompt sits a little in from its question and its gist, so where the answer starts shows. */
const PROMPT_INDENT = 4;
/** Space above and below a prompt, within what the line grid allows beside the code's leading. */
const PROMPT_GAP = 1;

/** Entries in print order: by category in taxonomy order, follow-ups right after their parent. */
export function printOrder(
  entries: Entry[],
): { category: string; items: { entry: Entry; depth: number }[] }[] {
  const ids = new Set(entries.map((e) => e.id));
  const children = new Map<string, Entry[]>();
  const roots: Entry[] = [];
  for (const e of entries) {
    if (e.followUpOf && e.followUpOf !== e.id && ids.has(e.followUpOf)) {
      const list = children.get(e.followUpOf) ?? [];
      list.push(e);
      children.set(e.followUpOf, list);
    } else roots.push(e);
  }
  const done = new Set<string>();
  const walk = (e: Entry, depth: number, out: { entry: Entry; depth: number }[]) => {
    if (done.has(e.id)) return;
    done.add(e.id);
    out.push({ entry: e, depth });
    for (const c of children.get(e.id) ?? []) walk(c, depth + 1, out);
  };
  const groups = CATEGORIES.map((c) => {
    const items: { entry: Entry; depth: number }[] = [];
    for (const e of roots) if (e.category === c.id) walk(e, 0, items);
    return { category: c.label, items };
  });
  // Follow-up chains that loop back on themselves have no root: print them where they stand.
  for (const e of entries) {
    if (!done.has(e.id)) {
      const group = groups.find((g) => g.category === CATEGORIES.find((c) => c.id === e.category)?.label);
      if (group) walk(e, 0, group.items);
    }
  }
  return groups.filter((g) => g.items.length > 0);
}

/** The gist line of a question the guide does not answer yet: the Anki back says the same. */
const UNANSWERED = 'No answer in the guide yet.';

function entryBoxes(entry: Entry, depth: number, width: number, missing: MissingGlyph): FlowBox[] {
  const indent = Math.min(depth, 2) * FOLLOW_UP_INDENT;
  const marker: Span[] | undefined = depth > 0 ? [{ text: '↳', style: { color: COLORS.accent } }] : undefined;
  const question = paragraph(
    questionSpans(entry.question, { bold: true }),
    width,
    { size: SIZE.body, leading: LEADING, color: COLORS.text, indent, marker, markerGap: 1.5 },
    { spaceBefore: depth > 0 ? FOLLOW_UP_GAP : ENTRY_GAP, missing },
  );
  // A question is never split, and never left without the first line of its gist.
  for (const b of question.slice(1)) b.keepWithPrev = true;
  const textStyle = { size: SIZE.body, leading: LEADING, color: COLORS.body, indent: indent + GIST_INDENT };
  // What the question needs to be asked (code, options, a table) sits between it and the gist,
  // at the gist's size, code in the mono font, wrapped like any code block.
  const prompt = entry.prompt.trim()
    ? markdownBoxes(
        parseMarkdown(entry.prompt),
        width,
        { ...textStyle, color: COLORS.text, indent: textStyle.indent + PROMPT_INDENT },
        { keepFirst: true, missing },
      )
    : [];
  if (prompt.length <= PROMPT_KEEP_LINES) for (const b of prompt) b.keepWithPrev = true;
  if (prompt[0]) prompt[0].spaceBefore = PROMPT_GAP;
  const gist =
    entry.answered && entry.gist.trim()
      ? markdownBoxes(parseMarkdown(entry.gist), width, textStyle, { keepFirst: true, missing })
      : paragraph([{ text: UNANSWERED, style: { italic: true } }], width, {
          ...textStyle,
          color: COLORS.faint,
        });
  if (gist[0]) {
    gist[0].keepWithPrev = true;
    if (prompt.length > 0) gist[0].spaceBefore = PROMPT_GAP;
  }
  const boxes = [...question, ...prompt, ...gist];
  if (entry.keyTerms.length > 0) {
    const line = (count: number): FlowBox[] =>
      paragraph(
        // A no-break space before each dot: a line never starts with the separator.
        [{ text: entry.keyTerms.slice(0, count).join('\u00a0· '), style: { italic: true } }],
        width,
        { size: SIZE.body, leading: LEADING, color: COLORS.muted, indent: indent + GIST_INDENT },
        { keepWithPrev: true, missing },
      );
    // The key terms are one line: the first ones that fit (a guide's own list may be long).
    let count = entry.keyTerms.length;
    let terms = line(count);
    while (terms.length > 1 && count > 1) terms = line(--count);
    boxes.push(...terms);
  }
  return boxes;
}

export function layoutCheatsheet(pack: Pack, options: PdfOptions = {}): PdfLayout {
  const geo = geometry(options.paper);
  const report = new GlyphReport('cheat sheet');
  const projectAt = report.at({ file: pack.project.source, line: 1 });
  const contentW = geo.width - geo.margin.left - geo.margin.right;
  const colW = (contentW - (COLUMNS - 1) * GAP) / COLUMNS;

  const questions = pack.entries.length;
  const note = `Cheat sheet · ${questions} question${questions === 1 ? '' : 's'}`;
  const pitch = parseMarkdown(pack.project.pitch).flatMap((b) =>
    'spans' in b ? [...b.spans, { text: ' ' }] : [],
  );
  const sections: Section[] = [
    {
      columns: 1,
      gap: 0,
      boxes: titleBoxes(pack.project.title, note, pitch, contentW, SIZE, projectAt),
      spaceAfter: pack.facts.length > 0 ? 10 : 6,
    },
  ];
  if (pack.facts.length > 0) {
    sections.push({
      columns: COLUMNS,
      gap: GAP,
      boxes: factBoxes(pack.facts, colW, SIZE.facts, projectAt),
      spaceAfter: 11,
      balance: true,
      background: { fill: COLORS.factsBg, pad: 5, radius: 2 },
    });
  }
  const body: FlowBox[] = [];
  for (const group of printOrder(pack.entries)) {
    const count = String(group.items.length);
    body.push(
      ...headingBoxes(
        group.category,
        count,
        colW,
        { size: SIZE.body, leading: LEADING },
        { missing: projectAt },
      ),
    );
    group.items.forEach(({ entry, depth }, k) => {
      const boxes = entryBoxes(entry, depth, colW, report.at(entry.source));
      // A heading is never left at the foot of a column without its first question.
      if (k === 0 && boxes[0]) {
        boxes[0].keepWithPrev = true;
        boxes[0].spaceBefore = 0;
      }
      body.push(...boxes);
    });
  }
  sections.push({
    columns: COLUMNS,
    gap: GAP,
    boxes: body,
    spaceAfter: 0,
    balance: true,
    rule: { color: COLORS.rule, width: 0.4 },
  });

  const footer = `${pack.project.title} · cheat sheet · ${pack.project.source}`;
  const { pages } = flow(sections, geo, { footer: (n, total) => footerItems(footer, n, total, geo) });
  return { pages, diagnostics: report.diagnostics };
}

/** The cheat-sheet PDF of a pack, with its page count and the characters it could not print. */
export async function renderCheatsheet(pack: Pack, options: PdfOptions = {}): Promise<PdfResult> {
  await prepareMath(pack);
  const { pages, diagnostics } = layoutCheatsheet(pack, options);
  const pdf = await drawPdf(pages, {
    title: `${pack.project.title} — cheat sheet`,
    subject: 'Interview cheat sheet',
  });
  return { pdf, pages: pages.length, diagnostics };
}
