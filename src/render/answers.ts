// The answers PDF: every question with its whole answer, as a book page: two columns, grouped
// by category like the cheat sheet after a contents box of the categories and their pages,
// follow-ups under their parent, code coloured, tables as grids, formulas typeset, pictures.
import { diagnostic } from '../errors.js';
import { baselineOffset, paragraph } from '../layout/blocks.js';
import { drawPdf } from '../layout/draw.js';
import type { MissingGlyph } from '../layout/fallback.js';
import { type FlowBox, flow, type PageGeometry, type Section } from '../layout/flow.js';
import { breakLines } from '../layout/linebreak.js';
import { parseMarkdown } from '../layout/markdown.js';
import { textWidth } from '../layout/shape.js';
import type { DrawItem, PageLayout, Span } from '../layout/types.js';
import type { Entry, Pack, SourcePoint } from '../model.js';
import { type PdfLayout, type PdfResult, printOrder } from './cheatsheet.js';
import {
  GlyphReport,
  headingBoxes,
  markdownBoxes,
  placeLine,
  prepareMath,
  questionSpans,
  type RichBlocks,
  type TextStyle,
  titleBoxes,
} from './pdf-blocks.js';
import { highlightSpans } from './pdf-code.js';
import { loadImage } from './pdf-images.js';
import { tableBoxes } from './pdf-table.js';
import { COLORS, geometry, type PdfOptions } from './pdf-theme.js';

// One size for the body, as on the cheat sheet: a column in one size reads as one text block.
const SIZE = { body: 8.4, title: 17, pitch: 8.6, head: 7 };
const LEADING = 11.2;
const COLUMNS = 2;
const GAP = 18;
const FOLLOW_UP_INDENT = 10;
const PROMPT_INDENT = 5;
/** Space above a question, and between the paragraphs of an answer. */
const ENTRY_GAP = 7;
const PARA_GAP = 3.5;
/** A picture is never taller than this share of the page's text height. */
const IMAGE_MAX_HEIGHT = 0.55;
/** CSS pixels to points: a picture prints at most at the size a browser shows it. */
const PX = 0.75;

/** The page: wider margins than the cheat sheet's, with room for the running head. */
function pageGeometry(paper: PdfOptions['paper']): PageGeometry {
  const base = geometry(paper);
  return { ...base, margin: { top: 46, right: 42, bottom: 44, left: 42 } };
}

export interface AnswersOptions extends PdfOptions {
  /** The folder image paths are relative to: the guide's. */
  baseDir?: string;
  /**
   * `pdf-only`: report only the image problems the cards do not have (a GIF or WebP), because the
   * build reports the others, at the image's own line, when it gathers the cards' media.
   */
  imageWarnings?: 'all' | 'pdf-only';
}

function pictureBoxes(
  url: string,
  alt: string,
  width: number,
  style: TextStyle,
  maxHeight: number,
  opts: {
    baseDir?: string;
    report: GlyphReport;
    source: SourcePoint;
    missing?: MissingGlyph;
    pdfOnly: boolean;
  },
): FlowBox[] {
  const caption = (text: string, keep: boolean): FlowBox[] =>
    text
      ? paragraph(
          [{ text, style: { italic: true } }],
          width,
          { size: style.size, leading: LEADING, color: COLORS.muted, indent: style.indent },
          { keepWithPrev: keep, missing: opts.missing },
        )
      : [];
  const loaded = loadImage(url, opts.baseDir);
  if (!loaded.ok) {
    if (!opts.pdfOnly || loaded.pdfOnly)
      opts.report.add(diagnostic(loaded.ruleId, loaded.message, opts.source.file, opts.source.line), url);
    return caption(alt ? `[${alt}]` : '[image]', false);
  }
  const { image } = loaded;
  const room = width - style.indent;
  let w = Math.min(room, image.width * PX);
  let h = (w * image.height) / image.width;
  if (h > maxHeight) {
    h = maxHeight;
    w = (h * image.width) / image.height;
  }
  const pad = 3;
  const box: FlowBox = {
    height: h + 2 * pad,
    spaceBefore: 2,
    keepWithPrev: false,
    items: [{ kind: 'image', x: style.indent + (room - w) / 2, y: pad, w, h, image }],
  };
  return [box, ...caption(alt, true)];
}

/** A line of the contents box: the category, its count, and its page (filled in after the flow). */
function contentsLine(label: string, count: number, width: number): { box: FlowBox; page: DrawItem } {
  const size = SIZE.body;
  const leading = LEADING;
  const baseline = baselineOffset(size, leading);
  const [line] = breakLines([{ text: label }, { text: ` · ${count}`, style: { color: COLORS.muted } }], {
    width: width - 24,
    size,
    color: COLORS.body,
  });
  const [page] = breakLines([{ text: '0' }], { width, size, color: COLORS.accent });
  const pageItem = page ? placeLine(page, width - page.width, baseline)[0] : undefined;
  const items = [...(line ? placeLine(line, 0, baseline) : []), ...(pageItem ? [pageItem] : [])];
  const fallback: DrawItem = { kind: 'line', x1: 0, y1: 0, x2: 0, y2: 0, color: COLORS.rule, width: 0 };
  return { box: { height: leading, spaceBefore: 0, keepWithPrev: false, items }, page: pageItem ?? fallback };
}

function entryBoxes(
  entry: Entry,
  depth: number,
  width: number,
  missing: MissingGlyph,
  rich: RichBlocks,
): FlowBox[] {
  const indent = Math.min(depth, 2) * FOLLOW_UP_INDENT;
  const marker: Span[] | undefined = depth > 0 ? [{ text: '↳', style: { color: COLORS.accent } }] : undefined;
  const question = paragraph(
    questionSpans(entry.question, { bold: true }),
    width,
    { size: SIZE.body, leading: LEADING, color: COLORS.accent, indent, marker, markerGap: 2 },
    { spaceBefore: ENTRY_GAP, missing },
  );
  for (const b of question.slice(1)) b.keepWithPrev = true;
  const text: TextStyle = { size: SIZE.body, leading: LEADING, color: COLORS.body, indent };
  const prompt = entry.prompt.trim()
    ? markdownBoxes(
        parseMarkdown(entry.prompt),
        width,
        { ...text, color: COLORS.text, indent: indent + PROMPT_INDENT },
        { keepFirst: true, missing, rich, paraGap: PARA_GAP },
      )
    : [];
  const answer =
    entry.answered && entry.answer.trim()
      ? markdownBoxes(parseMarkdown(entry.answer), width, text, {
          keepFirst: true,
          missing,
          rich,
          paraGap: 0,
        })
      : paragraph([{ text: 'No answer in the guide yet.', style: { italic: true } }], width, {
          ...text,
          color: COLORS.faint,
        });
  // A question never ends a column: it keeps its first line of prompt or answer.
  const next = prompt[0] ?? answer[0];
  if (next) next.keepWithPrev = true;
  if (prompt.length > 0 && answer[0]) answer[0].keepWithPrev = true;
  return [...question, ...prompt, ...answer];
}

/** Splits boxes into sections: runs of column boxes in two columns, wide boxes across the page. */
function bodySections(boxes: FlowBox[]): Section[] {
  const sections: Section[] = [];
  for (const box of boxes) {
    const wide = box.wide === true;
    const last = sections[sections.length - 1];
    if (last && (last.columns === 1) === wide) last.boxes.push(box);
    else
      sections.push({
        columns: wide ? 1 : COLUMNS,
        gap: wide ? 0 : GAP,
        boxes: [box],
        spaceAfter: 4,
        balance: true,
        // A few lines left for the last page stay in one column rather than two halves.
        balanceMin: 5 * LEADING,
        rule: wide ? undefined : { color: COLORS.rule, width: 0.4 },
      });
  }
  return sections;
}

/** The running head (the project's name, "Answers") and the page number, on every page. */
function pageFurniture(
  title: string,
  source: string,
  geo: PageGeometry,
  n: number,
  total: number,
): DrawItem[] {
  const size = SIZE.head;
  const left = geo.margin.left;
  const right = geo.width - geo.margin.right;
  const headY = geo.margin.top - 14;
  const items: DrawItem[] = [];
  const put = (
    spans: Span[],
    x: number | null,
    y: number,
    color: string,
    align: 'left' | 'right' | 'center',
  ) => {
    const [line] = breakLines(spans, { width: right - left, size, color });
    if (!line) return;
    const at =
      align === 'left' ? left : align === 'right' ? right - line.width : (left + right - line.width) / 2;
    items.push(
      ...placeLine(line, x ?? at, y).map((item) => (item.kind === 'text' ? { ...item, frame: -1 } : item)),
    );
  };
  put([{ text: title, style: { bold: true } }], null, headY, COLORS.accent, 'left');
  put([{ text: 'Answers' }], null, headY, COLORS.muted, 'right');
  items.push({
    kind: 'line',
    x1: left,
    y1: headY + 4,
    x2: right,
    y2: headY + 4,
    color: COLORS.rule,
    width: 0.5,
  });
  const footY = geo.height - geo.margin.bottom + 22;
  put([{ text: `${n} / ${total}` }], null, footY, COLORS.muted, 'center');
  put([{ text: source }], null, footY, COLORS.faint, 'right');
  return items;
}

export function layoutAnswers(pack: Pack, options: AnswersOptions = {}): PdfLayout {
  const geo = pageGeometry(options.paper);
  const report = new GlyphReport('answers PDF');
  const projectAt = report.at({ file: pack.project.source, line: 1 });
  const contentW = geo.width - geo.margin.left - geo.margin.right;
  const colW = (contentW - (COLUMNS - 1) * GAP) / COLUMNS;
  const maxImage = (geo.height - geo.margin.top - geo.margin.bottom) * IMAGE_MAX_HEIGHT;

  const questions = pack.entries.length;
  const note = `Answers · ${questions} question${questions === 1 ? '' : 's'}`;
  const pitch = parseMarkdown(pack.project.pitch).flatMap((b) =>
    'spans' in b ? [...b.spans, { text: ' ' }] : [],
  );
  const sections: Section[] = [
    {
      columns: 1,
      gap: 0,
      boxes: titleBoxes(pack.project.title, note, pitch, contentW, SIZE, projectAt),
      spaceAfter: 8,
    },
  ];

  const groups = printOrder(pack.entries);
  const contents = groups.map((g) => contentsLine(g.category, g.items.length, colW - 12));
  const contentsHead = paragraph(
    [{ text: 'Contents', style: { bold: true } }],
    colW,
    { size: SIZE.body, leading: LEADING, color: COLORS.accent },
    { missing: projectAt },
  );
  sections.push({
    columns: COLUMNS,
    gap: GAP + 12,
    boxes: [...contentsHead, ...contents.map((c, k) => ({ ...c.box, keepWithPrev: k === 0 }))],
    spaceAfter: 14,
    balance: true,
    background: { fill: COLORS.factsBg, pad: 6, radius: 2 },
  });

  const body: FlowBox[] = [];
  const headings: DrawItem[] = [];
  for (const group of groups) {
    const heading = headingBoxes(
      group.category,
      String(group.items.length),
      colW,
      { size: SIZE.body, leading: LEADING },
      { missing: projectAt },
    );
    const first = heading[0]?.items[0];
    if (first) headings.push(first);
    if (heading[0] && body.length > 0) heading[0].spaceBefore = ENTRY_GAP;
    body.push(...heading);
    group.items.forEach(({ entry, depth }, k) => {
      const missing = report.at(entry.source);
      const rich: RichBlocks = {
        colorize: (lines, lang) => highlightSpans(lines, lang),
        table: (rows, width, style, m) => tableBoxes(rows, width, contentW, style, m),
        image: (url, alt, width, style, m) =>
          pictureBoxes(url, alt, width, style, maxImage, {
            baseDir: options.baseDir,
            report,
            source: entry.source,
            missing: m,
            pdfOnly: options.imageWarnings === 'pdf-only',
          }),
      };
      const boxes = entryBoxes(entry, depth, colW, missing, rich);
      if (k === 0 && boxes[0]) {
        boxes[0].keepWithPrev = true;
        boxes[0].spaceBefore = 0;
      }
      body.push(...boxes);
    });
  }
  sections.push(...bodySections(body));

  const { pages } = flow(sections, geo, {
    footer: (n, total) => pageFurniture(pack.project.title, pack.project.source, geo, n, total),
  });
  fillContents(pages, headings, contents);
  return { pages, diagnostics: report.diagnostics };
}

/** Writes each category's page into the contents box, right-aligned where the placeholder was. */
function fillContents(pages: PageLayout[], headings: DrawItem[], contents: { page: DrawItem }[]): void {
  const pageOf = new Map<DrawItem, number>();
  pages.forEach((p, k) => {
    for (const item of p.items) pageOf.set(item, k + 1);
  });
  contents.forEach(({ page }, k) => {
    const heading = headings[k];
    if (page.kind !== 'text' || !heading) return;
    const right = page.run.x + page.run.width;
    page.run.text = String(pageOf.get(heading) ?? '');
    page.run.width = textWidth(page.run.face, page.run.text, page.run.size);
    page.run.x = right - page.run.width;
  });
}

/** The answers PDF of a pack, with its page count and what it could not print. */
export async function renderAnswers(pack: Pack, options: AnswersOptions = {}): Promise<PdfResult> {
  await prepareMath(pack);
  const { pages, diagnostics } = layoutAnswers(pack, options);
  const pdf = await drawPdf(pages, {
    title: `${pack.project.title} — answers`,
    subject: 'Interview answers',
  });
  return { pdf, pages: pages.length, diagnostics };
}
