// The summary card: one page per project, its content from the user-editable handlebars template
// templates/summary.hbs (which yields Markdown), laid out with the cheat sheet's engine and fitted
// to the page by setting the type smaller and then leaving out the least important items.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { maxLineGap, paragraph } from '../layout/blocks.js';
import { drawPdf, openPdf } from '../layout/draw.js';
import type { MissingGlyph } from '../layout/fallback.js';
import { type FlowBox, type FlowResult, flow, type Section } from '../layout/flow.js';
import { type MdBlock, parseMarkdown } from '../layout/markdown.js';
import type { PageLayout, Span } from '../layout/types.js';
import { CATEGORIES, type Diagnostic, type Entry, type Pack } from '../model.js';
import type { PdfLayout, PdfResult } from './cheatsheet.js';
import {
  factBoxes,
  footerItems,
  GlyphReport,
  headingBoxes,
  markdownBoxes,
  prepareMath,
  titleBoxes,
} from './pdf-blocks.js';
import { escapeMarkdown, escapeMarkdownKeepingMath, gistLine } from './pdf-markdown.js';
import { COLORS, geometry, MIN_SIZE, type PdfOptions } from './pdf-theme.js';

export interface SummaryOptions extends PdfOptions {
  /** The template's source; templates/summary.hbs when not given. */
  template?: string;
}

/** What the template sees. Every string is already safe Markdown. */
export interface SummaryView {
  title: string;
  pitch: string;
  source: string;
  questionCount: number;
  facts: { label: string; value: string; note: string }[];
  categories: {
    id: string;
    label: string;
    count: number;
    shown: number;
    /** `punctuated`: the question ends in . ? ! or :, so the gist needs no dash before it. */
    entries: { question: string; gist: string; followUp: boolean; punctuated: boolean }[];
  }[];
  keyTerms: string[];
}

/** How much of the pack a card holds; the fitting walks down this list until one fits. */
interface Level {
  perCategory: number;
  terms: number;
  facts: number;
  pitch: number;
  gist: number;
}

const LEVELS: Level[] = [
  { perCategory: 4, terms: 24, facts: 24, pitch: 900, gist: 110 },
  { perCategory: 3, terms: 18, facts: 18, pitch: 600, gist: 90 },
  { perCategory: 2, terms: 12, facts: 12, pitch: 420, gist: 80 },
  { perCategory: 1, terms: 8, facts: 8, pitch: 300, gist: 60 },
  { perCategory: 1, terms: 0, facts: 4, pitch: 180, gist: 0 },
  { perCategory: 0, terms: 0, facts: 0, pitch: 120, gist: 0 },
];
/** With this many categories or more, a level's `perCategory` is taken as it is. */
const FULL_CATEGORIES = 6;
/** The largest type size of a card, and the grid its sizes are on, in points. */
export const MAX_SIZE = 10.5;
export const STEP = 0.25;

export const TEMPLATE_URL = new URL('../../templates/summary.hbs', import.meta.url);

// handlebars is CommonJS: required, it loads without Node's ESM wrapper scanning it.
const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
const handlebars = Handlebars.create();
// A separator's leading space becomes a no-break space: a line never starts with ` · `.
handlebars.registerHelper('join', (list: unknown, sep: unknown) =>
  Array.isArray(list) ? list.join((typeof sep === 'string' ? sep : ', ').replace(/^ /, '\u00a0')) : '',
);
const compiled = new Map<string, Handlebars.TemplateDelegate<SummaryView>>();

function template(source: string | undefined): (view: SummaryView) => string {
  const src = source ?? readFileSync(TEMPLATE_URL, 'utf8');
  let fn = compiled.get(src);
  if (!fn) {
    // No HTML escaping: the output is Markdown, and the view holds Markdown-escaped text already.
    fn = handlebars.compile<SummaryView>(src, { noEscape: true, strict: false });
    compiled.set(src, fn);
  }
  const render = fn;
  return (view) => {
    try {
      return render(view);
    } catch (error) {
      // handlebars compiles on first use: a broken template shows up here, named as the user knows it.
      const where = source === undefined ? 'templates/summary.hbs' : 'The summary template';
      throw new Error(`${where} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** The template's Markdown for a view: templates/summary.hbs, or the source given. */
export function renderTemplate(view: SummaryView, source?: string): string {
  return template(source)(view);
}

/** Most important first: questions before their follow-ups, answered before unanswered, guide order. */
function byPriority(entries: Entry[]): Entry[] {
  const rank = (e: Entry) => (e.answered ? 0 : 2) + (e.followUpOf ? 1 : 0);
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** Key terms by how many questions name them, then by first appearance. */
function topTerms(entries: Entry[]): string[] {
  const counts = new Map<string, { term: string; n: number; first: number }>();
  entries.forEach((e, i) => {
    for (const term of e.keyTerms) {
      const key = term.toLowerCase();
      const c = counts.get(key);
      if (c) c.n += 1;
      else counts.set(key, { term, n: 1, first: i });
    }
  });
  return [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first).map((c) => c.term);
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max + 1).replace(/\s+\S*$/, '')}…`;
}

/** A size on the grid of steps between the smallest and the largest size. */
function clampSize(size: number): number {
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, MIN_SIZE + Math.floor((size - MIN_SIZE) / STEP) * STEP));
}

/** The template's view of a pack at one level of detail. */
export function summaryView(pack: Pack, level: Level = LEVELS[0] as Level): SummaryView {
  // A guide whose questions fall in a few categories shows more of each: the card has the room
  // that six or more categories would fill.
  const used = CATEGORIES.filter((c) => pack.entries.some((e) => e.category === c.id)).length;
  const perCategory = level.perCategory * Math.max(1, Math.floor(FULL_CATEGORIES / Math.max(1, used)));
  const categories = CATEGORIES.map((c) => {
    const all = pack.entries.filter((e) => e.category === c.id);
    const chosen = byPriority(all).slice(0, perCategory);
    // Printed in the guide's order, whatever order they were chosen in.
    const entries = all
      .filter((e) => chosen.includes(e))
      .map((e) => ({
        question: escapeMarkdownKeepingMath(e.question),
        gist: gistLine(e.gist, level.gist),
        followUp: e.followUpOf !== null,
        punctuated: /[.?!:…)。？！：؟）]["'”’」』]?\s*$/.test(e.question),
      }));
    return { id: c.id, label: escapeMarkdown(c.label), count: all.length, shown: entries.length, entries };
  }).filter((c) => c.count > 0 && (c.entries.length > 0 || level.perCategory > 0));
  return {
    title: escapeMarkdown(pack.project.title),
    pitch: escapeMarkdown(clip(pack.project.pitch, level.pitch)),
    source: escapeMarkdown(pack.project.source),
    questionCount: pack.entries.length,
    facts: pack.facts.slice(0, level.facts).map((f) => ({
      label: escapeMarkdown(f.label),
      value: escapeMarkdown(f.value),
      note: escapeMarkdown(f.note ?? ''),
    })),
    categories,
    keyTerms: topTerms(pack.entries).slice(0, level.terms).map(escapeMarkdown),
  };
}

/** The template's Markdown, split into what goes full width and what flows in columns. */
interface CardContent {
  title: Span[];
  intro: MdBlock[];
  facts: { label: string; value: string }[];
  body: MdBlock[];
}

const textOf = (spans: Span[]) => spans.map((s) => s.text).join('');

/** `**Label:** value` (a list item) or a table row as a fact. */
function factOf(spans: Span[], rest: Span[][] = []): { label: string; value: string } {
  const first = spans[0];
  if (first?.style?.bold && rest.length === 0) {
    return { label: first.text.replace(/:\s*$/, ''), value: textOf(spans.slice(1)).replace(/^\s*:?\s*/, '') };
  }
  if (rest.length > 0) return { label: textOf(spans), value: rest.map(textOf).filter(Boolean).join(' — ') };
  return { label: '', value: textOf(spans) };
}

function cardContent(md: string): CardContent {
  const content: CardContent = { title: [], intro: [], facts: [], body: [] };
  let inBody = false;
  for (const block of parseMarkdown(md)) {
    if (block.kind === 'heading' && block.depth >= 2) inBody = true;
    if (inBody) content.body.push(block);
    else if (block.kind === 'heading' && content.title.length === 0) content.title = block.spans;
    else if (block.kind === 'list') {
      for (const item of block.items) {
        const head = item[0];
        if (head && 'spans' in head) content.facts.push(factOf(head.spans));
      }
    } else if (block.kind === 'table') {
      for (const row of block.rows.slice(1)) content.facts.push(factOf(row[0] ?? [], row.slice(1)));
    } else content.intro.push(block);
  }
  return content;
}

function sectionsFor(
  content: CardContent,
  note: string,
  size: number,
  width: number,
  missing: MissingGlyph,
): Section[] {
  const sections: Section[] = [];
  const pitch = content.intro.flatMap((b) => ('spans' in b ? [...b.spans, { text: ' ' }] : []));
  const title = textOf(content.title);
  const sizes = { title: size * 2.3, pitch: size };
  sections.push({
    columns: 1,
    gap: 0,
    boxes: titleBoxes(title, note, pitch, width, sizes, missing),
    spaceAfter: size * 1.3,
  });
  if (content.facts.length > 0) {
    const columns = content.facts.length > 6 ? 3 : content.facts.length > 2 ? 2 : 1;
    const gap = size * 1.6;
    const colW = (width - (columns - 1) * gap) / columns;
    sections.push({
      columns,
      gap,
      boxes: factBoxes(content.facts, colW, Math.max(MIN_SIZE, size * 0.92), missing),
      spaceAfter: size * 1.6,
      balance: true,
      background: { fill: COLORS.factsBg, pad: size * 0.6, radius: 2 },
    });
  }
  const gap = size * 1.8;
  const colW = (width - gap) / 2;
  const body: FlowBox[] = [];
  const leading = size * 1.22;
  const style = { size, leading, color: COLORS.body, indent: 0 };
  const itemGap = Math.max(0, Math.min(size * 0.18, maxLineGap(size) - leading - 0.2));
  for (const block of content.body) {
    if (block.kind === 'heading' && block.depth === 2) {
      const label = textOf(block.spans);
      body.push(...headingBoxes(label, '', colW, { size, leading }, { missing }));
      continue;
    }
    const boxes = markdownBoxes([block], colW, style, { keepFirst: true, missing, paraGap: itemGap });
    if (boxes[0]) boxes[0].spaceBefore = itemGap;
    body.push(...boxes);
  }
  sections.push({
    columns: 2,
    gap,
    boxes: body,
    spaceAfter: 0,
    balance: true,
    rule: { color: COLORS.rule, width: 0.4 },
  });
  return sections;
}

/** Finds where in the guide a character comes from, for the glyph-missing warning. */
function locator(pack: Pack, report: GlyphReport): MissingGlyph {
  return (cp) => {
    const ch = String.fromCodePoint(cp);
    const entry = pack.entries.find(
      (e) => e.question.includes(ch) || e.gist.includes(ch) || e.keyTerms.some((t) => t.includes(ch)),
    );
    report.at(entry?.source ?? { file: pack.project.source, line: 1 })(cp);
  };
}

/**
 * Which level of detail (an index into the levels) and which type size a card was set in. The
 * search for them is the costly part of a card; with them, the same pack and options give the
 * same card in one layout.
 */
export interface CardFit {
  level: number;
  size: number;
}

/** A fit that could have come from `fitCard`: a known level, a size on the grid. */
export function isCardFit(fit: CardFit): boolean {
  return (
    Number.isInteger(fit.level) &&
    fit.level >= 0 &&
    fit.level < LEVELS.length &&
    fit.size >= MIN_SIZE &&
    fit.size <= MAX_SIZE &&
    clampSize(fit.size) === fit.size
  );
}

/**
 * The largest size on the grid (MIN_SIZE to MAX_SIZE by STEP) at which `fits` holds, for a `fits`
 * that holds at MIN_SIZE and, once false, stays false for every larger size. From each size that
 * fits it jumps to the size `predict` gives (at least a step on) while that fits, then halves the
 * steps between the last size that fits and the first that does not. A prediction that falls
 * short (a card's headings and gaps do not grow with its text) costs a jump more; one past the
 * answer, the halving.
 */
export function largestFitting(fits: (size: number) => boolean, predict: (size: number) => number): number {
  /** The largest size known to fit, and the smallest known not to. */
  let size = MIN_SIZE;
  let over = MAX_SIZE + STEP;
  while (size < MAX_SIZE) {
    const next = Math.min(over - STEP, Math.max(size + STEP, clampSize(predict(size))));
    if (fits(next)) size = next;
    else {
      over = next;
      break;
    }
  }
  while (over - size > STEP) {
    const mid = clampSize(size + (over - size) / 2);
    if (fits(mid)) size = mid;
    else over = mid;
  }
  return size;
}

/** One summary card: the fullest level of detail and the largest size that fit one page. */
export function layoutSummary(pack: Pack, options: SummaryOptions = {}): PdfLayout {
  return summaryCard(pack, options).layout;
}

/**
 * One summary card and its fit. Given the fit an earlier build found for the same pack and
 * options, the card is laid out once instead of being fitted again.
 */
export function summaryCard(
  pack: Pack,
  options: SummaryOptions = {},
  fit?: CardFit,
): { layout: PdfLayout; fit: CardFit } {
  // A card is laid out once per pack: the combined PDF reuses the cards made for each guide.
  const key = `${options.paper ?? 'a4'}\u0000${options.template ?? ''}`;
  const known = cards.get(pack)?.get(key);
  if (known) return known;
  const card = fit && isCardFit(fit) ? { layout: cardAt(pack, options, fit), fit } : fitCard(pack, options);
  const forPack = cards.get(pack) ?? new Map<string, { layout: PdfLayout; fit: CardFit }>();
  forPack.set(key, card);
  cards.set(pack, forPack);
  return card;
}

/** Laid-out cards by pack (drawing reads them and never changes them). */
const cards = new WeakMap<Pack, Map<string, { layout: PdfLayout; fit: CardFit }>>();

/** What every attempt at a card shares: page geometry, the template, the header note. */
function cardSetup(pack: Pack, options: SummaryOptions) {
  const geo = geometry(options.paper);
  const width = geo.width - geo.margin.left - geo.margin.right;
  const render = template(options.template);
  const n = pack.entries.length;
  const note = `Summary · ${n} question${n === 1 ? '' : 's'}`;
  const quiet: MissingGlyph = () => {};
  const attempt = (content: CardContent, size: number, onMissing = quiet) =>
    flow(sectionsFor(content, note, size, width, onMissing), geo, { maxPages: 1 });
  const contentAt = (level: number) =>
    cardContent(render(summaryView(pack, LEVELS[level] ?? (LEVELS[LEVELS.length - 1] as Level))));
  return { geo, attempt, contentAt };
}

/** Whether the card of `pack` at `fit` runs past its one page. */
export function overflowsAt(pack: Pack, options: SummaryOptions, fit: CardFit): boolean {
  const { attempt, contentAt } = cardSetup(pack, options);
  return attempt(contentAt(fit.level), fit.size).overflow;
}

/** The card at a fit already found: one layout, glyphs no font has reported. */
function cardAt(pack: Pack, options: SummaryOptions, fit: CardFit): PdfLayout {
  const { attempt, contentAt } = cardSetup(pack, options);
  const report = new GlyphReport('summary card');
  const { pages } = attempt(contentAt(fit.level), fit.size, locator(pack, report));
  return { pages: pages.slice(0, 1), diagnostics: report.diagnostics };
}

function fitCard(pack: Pack, options: SummaryOptions): { layout: PdfLayout; fit: CardFit } {
  const { geo, attempt, contentAt } = cardSetup(pack, options);
  // Each attempt keeps its layout and the glyphs no font had (first seen first): the one chosen is
  // the card, and only its glyphs are reported, as laying it out again with the report would do.
  let tried = new Map<number, { result: FlowResult; missing: number[] }>();
  const tryAt = (content: CardContent, size: number) => {
    let known = tried.get(size);
    if (!known) {
      const missing = new Set<number>();
      known = { result: attempt(content, size, (cp) => missing.add(cp)), missing: [] };
      known.missing = [...missing];
      tried.set(size, known);
    }
    return known.result;
  };
  // Fitting is monotone in the size (see largestFitting); the area of text grows with the square
  // of the size, so a size's fill predicts the largest size.
  const room = geo.height - geo.margin.top - geo.margin.bottom;
  let chosen: { content: CardContent; fit: CardFit } | null = null;
  for (const [level] of LEVELS.entries()) {
    tried = new Map();
    const content = contentAt(level);
    if (tryAt(content, MIN_SIZE).overflow) continue;
    const size = largestFitting(
      (at) => !tryAt(content, at).overflow,
      (at) => at * Math.sqrt(room / Math.max(1, tryAt(content, at).bottom - geo.margin.top)),
    );
    chosen = { content, fit: { level, size } };
    break;
  }
  // Even the barest card overflows (a title of thousands of characters): cut at the page's end.
  const last = LEVELS.length - 1;
  if (!chosen) {
    tried = new Map();
    chosen = { content: contentAt(last), fit: { level: last, size: MIN_SIZE } };
  }
  const { pages } = tryAt(chosen.content, chosen.fit.size);
  const report = new GlyphReport('summary card');
  const missing = locator(pack, report);
  for (const cp of tried.get(chosen.fit.size)?.missing ?? []) missing(cp);
  return { layout: { pages: pages.slice(0, 1), diagnostics: report.diagnostics }, fit: chosen.fit };
}

function withFooter(
  page: PageLayout,
  text: string,
  n: number,
  total: number,
  options: PdfOptions,
): PageLayout {
  return { ...page, items: [...page.items, ...footerItems(text, n, total, geometry(options.paper))] };
}

function footerText(pack: Pack): string {
  return `${pack.project.title} · summary card · ${pack.project.source}`;
}

/** The summary card of a pack as a one-page PDF. */
export async function renderSummary(
  pack: Pack,
  options: SummaryOptions = {},
): Promise<PdfResult & { fit: CardFit }> {
  await prepareMath(pack);
  const { layout, fit } = summaryCard(pack, options);
  const page = withFooter(layout.pages[0] as PageLayout, footerText(pack), 1, 1, options);
  const pdf = await drawPdf([page], {
    title: `${pack.project.title} — summary`,
    subject: 'Interview summary card',
  });
  // The fit lets the combined summary lay this card out again without fitting it.
  return { pdf, pages: 1, diagnostics: layout.diagnostics, fit };
}

/** One card of the combined PDF: its pack, and its fit when an earlier build found it. */
export interface CombinedCard {
  pack: Pack;
  fit?: CardFit | undefined;
}

export interface CombinedSummaryOptions<T extends CombinedCard> extends SummaryOptions {
  /** Hears each card's fit as it is drawn, so that a later build need not fit it again. */
  onCard?: (card: T, fit: CardFit) => void;
}

/**
 * Every card, one per page, in the order given, written to `write` as the PDF is made: one pack
 * and one card are held at a time, however many there are. `total` is how many cards `cards`
 * yields, for the page numbers of the footers. The bytes are those of `renderCombinedSummary`.
 */
export async function writeCombinedSummary<T extends CombinedCard>(
  cards: Iterable<T> | AsyncIterable<T>,
  total: number,
  write: (chunk: Uint8Array) => void,
  options: CombinedSummaryOptions<T> = {},
): Promise<{ pages: number; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const pdf = openPdf({ title: 'Summary cards', subject: 'Interview summary cards' }, write);
  let pages = 0;
  for await (const item of cards) {
    await prepareMath(item.pack);
    const card = summaryCard(item.pack, options, item.fit);
    diagnostics.push(...card.layout.diagnostics);
    options.onCard?.(item, card.fit);
    const page = card.layout.pages[0] as PageLayout;
    pdf.addPage(withFooter(page, footerText(item.pack), pages + 1, total, options));
    pages++;
    // pdfkit hands its bytes on from the event loop: let it turn, so they are written as we go.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (pages === 0) {
    // A PDF must have a page: with no guide built, the page says so.
    const geo = geometry(options.paper);
    const note = paragraph([{ text: 'No study packs were built.' }], 300, {
      size: 10,
      leading: 12,
      color: COLORS.muted,
    });
    for (const page of flow([{ columns: 1, gap: 0, boxes: note, spaceAfter: 0 }], geo).pages) {
      pdf.addPage(page);
      pages++;
    }
  }
  await pdf.end();
  return { pages, diagnostics };
}

/** Every pack's summary card, one per page, in the order given, as one PDF in memory. */
export async function renderCombinedSummary(packs: Pack[], options: SummaryOptions = {}): Promise<PdfResult> {
  const chunks: Uint8Array[] = [];
  const cards = packs.map((pack) => ({ pack }));
  const { pages, diagnostics } = await writeCombinedSummary(
    cards,
    packs.length,
    (chunk) => chunks.push(chunk),
    options,
  );
  return { pdf: Buffer.concat(chunks), pages, diagnostics };
}
