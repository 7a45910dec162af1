// Pack → Anki text-import CSV: file headers that a stock profile honours without any change in the
// import dialog, one quoted row per entry, the entry id as GUID so re-imports update notes in place.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { categoryLabel, type Entry, type Pack } from '../model.js';
import { templatePath } from '../paths.js';
import { cardField, FORMULA_START, markdownToHtml, textToHtml } from './html.js';

/** Where the back template lives. */
export const BACK_TEMPLATE_PATH = templatePath('anki-back.hbs');

/** Where the front template lives. */
export const FRONT_TEMPLATE_PATH = templatePath('anki-front.hbs');

/** The tag of every note whose question the guide does not answer yet: one search finds them all. */
export const UNANSWERED_TAG = 'studypack::unanswered';

/** The top deck every project's deck sits under. */
export const DEFAULT_DECK_ROOT = 'Interview Prep';

/** Anki matches GUIDs across the whole collection: ours keep to these characters. */
const GUID_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface AnkiCsvOptions {
  /** The top deck; each project becomes `<deckRoot>::<title>`. */
  deckRoot?: string;
  /** The back template's source text; by default templates/anki-back.hbs, read at run time. */
  backTemplate?: string;
  /** The front template's source text; by default templates/anki-front.hbs, read at run time. */
  frontTemplate?: string;
  /** Local image URL as written in the guide → its flat name in the deck's media folder. */
  images?: ReadonlyMap<string, string>;
}

/** What the front template sees; questionHtml and promptHtml are HTML, the rest plain text. */
export interface FrontTemplateData {
  questionHtml: string;
  promptHtml: string;
  question: string;
  answered: boolean;
  project: { title: string; slug: string };
  section: string;
  category: { id: string; label: string };
}

/** What the back template sees; every string but answerHtml is plain text that handlebars escapes. */
export interface BackTemplateData {
  answerHtml: string;
  unanswered: boolean;
  question: string;
  keyTerms: string[];
  project: { title: string; slug: string };
  section: string;
  category: { id: string; label: string };
  parentQuestion: string;
}

type BackRenderer = (data: BackTemplateData) => string;
type FrontRenderer = (data: FrontTemplateData) => string;

/** The two templates of a card, compiled. */
export interface CardRenderers {
  front: FrontRenderer;
  back: BackRenderer;
}

/**
 * A handlebars environment of our own, so that helpers registered elsewhere never reach card HTML.
 * `safeHtml` is the only way to put HTML on a card unescaped; only answerHtml, questionHtml and
 * promptHtml, made safe here, are meant for it.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper(
  'safeHtml',
  (html: unknown) => new handlebars.SafeString(typeof html === 'string' ? html : ''),
);

const compiled = new Map<string, (data: object) => string>();

/** Compiles a card template, once per distinct source text. */
function compileTemplate(source: string): (data: object) => string {
  let render = compiled.get(source);
  if (!render) {
    const template = handlebars.compile<object>(source, { strict: false });
    render = (data) => template(data);
    compiled.set(source, render);
  }
  return render;
}

/** Compiles a back template, once per distinct source text. */
export function compileBackTemplate(source: string): BackRenderer {
  return compileTemplate(source);
}

/** Compiles a front template, once per distinct source text. */
export function compileFrontTemplate(source: string): FrontRenderer {
  return compileTemplate(source);
}

/** Reads templates/anki-back.hbs (or `path`) fresh, so that a user's edit shows in the next build. */
export function readBackTemplate(path: string = BACK_TEMPLATE_PATH): string {
  return readFileSync(path, 'utf8');
}

/** Reads templates/anki-front.hbs (or `path`) fresh, so that a user's edit shows in the next build. */
export function readFrontTemplate(path: string = FRONT_TEMPLATE_PATH): string {
  return readFileSync(path, 'utf8');
}

/** Both card templates, from the options or read fresh from templates/. */
export function cardRenderers(options: AnkiCsvOptions = {}): CardRenderers {
  return {
    front: compileFrontTemplate(options.frontTemplate ?? readFrontTemplate()),
    back: compileBackTemplate(options.backTemplate ?? readBackTemplate()),
  };
}

/**
 * The deck a project's notes go to; `::` in a title would make an unintended subdeck. The deck
 * column is plain text, so a name that would start a spreadsheet formula gets OWASP's leading `'`.
 */
export function deckName(pack: Pack, deckRoot: string = DEFAULT_DECK_ROOT): string {
  const title = oneLine(pack.project.title).replace(/:{2,}/g, ':') || pack.project.slug;
  const root = oneLine(deckRoot);
  const name = root === '' ? title : `${root}::${title}`;
  return FORMULA_START.test(name) ? `'${name}` : name;
}

/**
 * A section heading as one level of a hierarchical tag: no whitespace (Anki splits tags on it),
 * no `:` (so the text cannot add levels), only letters, digits, `-`, `_` and `.`.
 */
export function sectionTag(section: string): string {
  return section
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
}

/** The tags of one note, in a fixed order. */
export function entryTags(pack: Pack, entry: Entry): string[] {
  const base = `studypack::${pack.project.slug}`;
  const tags = [base, `${base}::${entry.category}`];
  const section = sectionTag(entry.section);
  if (section !== '') tags.push(`${base}::section::${section}`);
  if (entry.followUpOf !== null) tags.push('followup');
  if (!entry.answered) tags.push(UNANSWERED_TAG);
  return tags;
}

/** The Front field: the question and, under it, what it needs to be asked, shaped by the front template. */
export function renderFront(
  pack: Pack,
  entry: Entry,
  render: FrontRenderer,
  images?: ReadonlyMap<string, string>,
): string {
  const html = render({
    questionHtml: textToHtml(entry.question),
    // The same Markdown to safe HTML as the answer's: code keeps its lines, raw HTML shows as text.
    promptHtml: markdownToHtml(entry.prompt, images),
    question: entry.question,
    answered: entry.answered,
    project: { title: pack.project.title, slug: pack.project.slug },
    section: entry.section,
    category: { id: entry.category, label: categoryLabel(entry.category) },
  });
  return cardField(html.normalize('NFC').replace(TEMPLATE_LINE_BREAKS, ''));
}

/**
 * The line breaks a template puts around its output. Only those go: questionHtml holds none, and
 * trimming more would empty the Front of a question that is all spaces: Anki skips such a row.
 */
const TEMPLATE_LINE_BREAKS = /^\n+|\n+$/g;

/** The Back field: the answer rendered from Markdown, shaped by the back template. */
export function renderBack(
  pack: Pack,
  entry: Entry,
  render: BackRenderer,
  images?: ReadonlyMap<string, string>,
): string {
  const parent = entry.followUpOf === null ? undefined : pack.entries.find((e) => e.id === entry.followUpOf);
  const answerHtml = markdownToHtml(entry.answer, images);
  const html = render({
    answerHtml,
    unanswered: !entry.answered || answerHtml === '',
    question: entry.question,
    keyTerms: entry.keyTerms,
    project: { title: pack.project.title, slug: pack.project.slug },
    section: entry.section,
    category: { id: entry.category, label: categoryLabel(entry.category) },
    parentQuestion: parent?.question ?? '',
  });
  return cardField(html.normalize('NFC').trim());
}

/** One deck per project: `out/<slug>/<slug>.anki.csv`. */
export function renderAnkiCsv(pack: Pack, options: AnkiCsvOptions = {}): string {
  const renderers = cardRenderers(options);
  checkGuids([pack]);
  const headers = [
    '#separator:comma',
    '#html:true',
    '#notetype:Basic',
    `#deck:${deckName(pack, options.deckRoot)}`,
    '#guid column:4',
    '#tags column:3',
    '#columns:Front,Back,Tags,GUID',
    '#match scope:notetype',
    '#if matches:update current',
  ];
  const rows = pack.entries.map((entry) => noteFields(pack, entry, renderers, options.images));
  return toCsv(headers, rows);
}

/** One note's Front, Back, Tags and GUID: the same in a project's deck and in the combined one. */
function noteFields(
  pack: Pack,
  entry: Entry,
  renderers: CardRenderers,
  images?: ReadonlyMap<string, string>,
): string[] {
  return [
    renderFront(pack, entry, renderers.front, images),
    renderBack(pack, entry, renderers.back, images),
    entryTags(pack, entry).join(' '),
    entry.id,
  ];
}

/** The header lines of `out/all.anki.csv`: the deck comes from a column of each row. */
export const COMBINED_HEADERS = [
  '#separator:comma',
  '#html:true',
  '#notetype:Basic',
  '#deck column:5',
  '#guid column:4',
  '#tags column:3',
  '#columns:Front,Back,Tags,GUID,Deck',
  '#match scope:notetype',
  '#if matches:update current',
];

/**
 * What `out/all.anki.csv` holds for one project, taken from the project's own deck file: its rows
 * with the deck appended as a fifth field. The build joins these under COMBINED_HEADERS instead
 * of rendering every answer again, so one edited guide costs one guide's work.
 */
export function combinedRowsOf(deckCsv: string): string {
  const lines = deckCsv.split('\n');
  let i = 0;
  let deck = '';
  for (; i < lines.length && lines[i]?.startsWith('#'); i++) {
    const m = /^#deck:(.*)$/.exec(lines[i] ?? '');
    if (m?.[1] !== undefined) deck = m[1];
  }
  const body = lines.slice(i).join('\n');
  const suffix = `,"${deck.replace(/"/g, '""')}"`;
  let out = '';
  let rowStart = 0;
  // Every field is quoted, so a newline outside quotes ends a row; `""` closes a field and opens
  // it again. The scan jumps from quote to quote (a deck is mostly quoted text) with indexOf.
  let k = 0;
  let newline = -2;
  for (;;) {
    const quote = body.indexOf('"', k);
    // The next newline is searched for again only once the scan has passed the last one found.
    if (newline !== -1 && newline < k) newline = body.indexOf('\n', k);
    if (newline !== -1 && (quote === -1 || newline < quote)) {
      if (newline > rowStart) out += `${body.slice(rowStart, newline)}${suffix}\n`;
      rowStart = newline + 1;
      k = newline + 1;
      continue;
    }
    if (quote === -1) break;
    const close = body.indexOf('"', quote + 1);
    if (close === -1) break;
    k = close + 1;
  }
  if (rowStart < body.length) out += `${body.slice(rowStart)}${suffix}\n`;
  return out;
}

/** Every project in one file, each in its own subdeck through a deck column: `out/all.anki.csv`. */
export function renderCombinedAnkiCsv(packs: Pack[], options: AnkiCsvOptions = {}): string {
  const renderers = cardRenderers(options);
  const sorted = [...packs].sort((a, b) => compare(a.project.slug, b.project.slug));
  checkGuids(sorted);
  const headers = COMBINED_HEADERS;
  const rows = sorted.flatMap((pack) => {
    const deck = deckName(pack, options.deckRoot);
    return pack.entries.map((entry) => [...noteFields(pack, entry, renderers), deck]);
  });
  return toCsv(headers, rows);
}

/** RFC 4180 with every field quoted: an unquoted field starting with `#` would be read as a comment. */
function toCsv(headers: string[], rows: string[][]): string {
  const lines = rows.map((row) => row.map((field) => `"${field.replace(/"/g, '""')}"`).join(','));
  return `${[...headers, ...lines].join('\n')}\n`;
}

/**
 * Two notes with one GUID would be merged by Anki, and a GUID outside `[A-Za-z0-9_-]` could clash
 * with other tools' notes: either is a bug upstream, so it stops the render rather than the import.
 */
function checkGuids(packs: Pack[]): void {
  const seen = new Map<string, string>();
  for (const pack of packs) {
    for (const entry of pack.entries) {
      if (!GUID_PATTERN.test(entry.id)) {
        throw new Error(`Entry id '${entry.id}' (${pack.project.slug}) is not usable as an Anki GUID.`);
      }
      const where = `${pack.project.slug}: '${entry.question}'`;
      const other = seen.get(entry.id);
      if (other !== undefined)
        throw new Error(`Entry id '${entry.id}' is used twice: ${other} and ${where}.`);
      seen.set(entry.id, where);
    }
  }
}

function oneLine(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
