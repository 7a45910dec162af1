// Text tests shared by the recognizers: what a question looks like, and how to clean one.
// Rules rely on the form of a question (a question mark, an interrogative opening, quotes,
// a "Q3:" prefix), never on the words of a particular guide.
import type { Nodes } from 'mdast';
import { isRequest, QUESTION_WORD } from './lexicon.js';

/**
 * A mark after a question, not its answer: `⭐⭐⭐`, `🆕`, `⭐新增`, `🔥 Hot`: emoji, then at most a
 * short word. A tick or a cross answers (`✅ Yes`, `❌ No`).
 */
const BADGE =
  /[?？][*_]*\s*(?:(?![✅✔☑❌✖❎])\p{Extended_Pictographic}|\uFE0F|\u200D)+\s*[\p{L}\p{N}]{0,6}\s*$/u;

const BADGE_LINE =
  /^[ \t]*(?:(?![✅✔☑❌✖❎])\p{Extended_Pictographic}|\uFE0F|\u200D)+[ \t]*[\p{L}\p{N}]{0,6}[ \t]*(?:\n|$)/u;

/** The text without a mark after its question mark (`What is X? ⭐新增` → `What is X?`). */
export function withoutBadge(text: string): string {
  const m = BADGE.exec(text);
  return m ? text.slice(0, m.index + 1) : text;
}

/** An answer without the mark its question's line ended with (`🆕` + newline + the answer). */
export function withoutLeadingBadge(answer: string): string {
  return answer.replace(BADGE_LINE, '');
}

/** Plain text of a node, with soft line breaks as spaces; inline math keeps its `$…$`. */
export function plain(node: Nodes): string {
  return textOf(node).replace(/\s+/g, ' ').trim();
}

/** The text of a node and its descendants, as mdast-util-to-string reads it without image alts. */
function textOf(node: Nodes): string {
  if (node.type === 'inlineMath') return `$${node.value}$`;
  if ('value' in node) return node.value;
  if (!('children' in node)) return '';
  const children =
    node.type === 'heading' ? headingWords(node.children as Nodes[]) : (node.children as Nodes[]);
  let text = '';
  for (const child of children) text += textOf(child);
  return text;
}

/** An HTML anchor or an empty tag: `<a name="q1"></a>`, `<a id="x">`, `</a>`, `<span id="y"></span>`. */
const ANCHOR_HTML = /^\s*(?:<(?:a|span)\b[^>]*>\s*(?:<\/(?:a|span)>)?|<\/(?:a|span)>)\s*$/i;

/**
 * A heading's words without its decoration: anchors written in HTML (`## <a name="q1"></a>What
 * is X?`) and a short link back up the page after the text (`### What is X? [↑](#top)`).
 */
function headingWords(children: Nodes[]): Nodes[] {
  const kept = children.filter((c) => !(c.type === 'html' && ANCHOR_HTML.test(c.value)));
  while (kept.length > 1) {
    const last = kept[kept.length - 1] as Nodes;
    const backLink =
      last.type === 'link' && last.url.startsWith('#') && textOf(last).trim().length <= 12 && kept.length > 1;
    const blank = last.type === 'text' && last.value.trim() === '';
    if (!backLink && !blank) break;
    kept.pop();
  }
  return kept;
}

const OPEN_QUOTES = '"“„«「『\'‘';
const PAIRS: Record<string, string> = {
  '"': '"”“',
  '“': '”"',
  '„': '“”"',
  '«': '»',
  '「': '」',
  '『': '』',
  "'": "'’",
  '‘': "’'",
};

/** True when the whole text is wrapped in one pair of quote marks. */
export function isQuoted(text: string): boolean {
  const t = text.trim();
  if (t.length < 3) return false;
  const open = t[0] ?? '';
  const close = t[t.length - 1] ?? '';
  if (!OPEN_QUOTES.includes(open)) return false;
  // A closing quote may be followed by nothing else; punctuation inside is fine.
  return (PAIRS[open] ?? '').includes(close);
}

/** Removes one pair of surrounding quote marks, if present. */
export function stripQuotes(text: string): string {
  const t = text.trim();
  return isQuoted(t) ? t.slice(1, -1).trim() : t;
}

/**
 * A note in brackets after a question's mark: `(Select all that apply)`, `(Selecciona todas las que
 * apliquen)`, `[Medium]`, `（2 分）`. Short, and with no question mark of its own.
 */
const TRAILING_NOTE = String.raw`(?:\s*[(\[（【][^()\[\]（）【】?？]{1,60}[)\]）】])?`;
const QUESTION_END = new RegExp(String.raw`[?？؟\u037E][\s"”’'」』»)\]*_]*${TRAILING_NOTE}[\s*_]*$`, 'u');

/** Ends with a question mark (ASCII, full-width, or Arabic/Greek forms), quotes or a note allowed after. */
export function endsWithQuestionMark(text: string): boolean {
  return QUESTION_END.test(text);
}

const INTERROGATIVE =
  /^(what|why|how|when|where|which|who|whom|whose|can|could|would|should|do|does|did|is|are|was|were|will|have|has|had|tell me|walk me|talk me|explain|describe|show me|give me|imagine|suppose|if you)\b/i;

/** Opens with an interrogative or an interview prompt ("Walk me through…"), not "How to …". */
export function opensLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (/^how to\b/i.test(t)) return false;
  return INTERROGATIVE.test(t);
}

/** `Q3:`, `Q3.`, `Question 3:`, `Q:` prefixes. */
const Q_PREFIX = new RegExp(
  String.raw`^(?:${QUESTION_WORD}\s*#?\s*\d*\s*[:.)）：]|${QUESTION_WORD}\s*#?\s*\d*\s+[-–—](?=\s)|q\d+\s+[-–—])\s*`,
  'iu',
);

export function hasQPrefix(text: string): boolean {
  return Q_PREFIX.test(text.trim());
}

/** A list item's or table cell's text that asks: a question mark, or a `Q3:` prefix. */
export function marksQuestion(text: string): boolean {
  return endsWithQuestionMark(text) || hasQPrefix(text);
}

/** Strips numbering such as `3.`, `12)`, `Q3:`, `Part 1:`, `Topic 3:`, `Bug 1:`, `Step 2 -`. */
export function stripNumbering(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t
      .replace(Q_PREFIX, '')
      // Section numbers need no mark after them: `1.2 What is…`, `2.1.0 如何…`.
      .replace(/^\d+(?:\.\d+)+\s+(?=[\p{L}"“'‘`*_([])/u, '')
      // A hyphen numbers only before a space: `3-way handshake` keeps its 3; a number's own
      // point is no mark: `0.1 + 0.2 …` keeps its 0.
      .replace(/^\d+(?:\.\d+)*\s*(?:[.)）:：](?!\d)|-(?=\s))\s*/, '')
      .replace(/^#\d+\s+/, '')
      .replace(/^[A-Za-z]+\s+\d+[A-Za-z]?\s*[:.)：–—-]\s*/, '')
      .trim();
    if (t === before) break;
  }
  return t;
}

/** Emoji, pictographs and their joiners, selectors, skin tones and flags' letters. */
const EMOJI =
  '(?:\\p{Extended_Pictographic}|[\\u{1F1E6}-\\u{1F1FF}\\u{1F3FB}-\\u{1F3FF}]|\\uFE0F|\\uFE0E|\\u200D|\\u20E3)';
const OUTER_EMOJI = new RegExp(`^(?:${EMOJI}|\\s)+|(?:${EMOJI}|\\s)+$`, 'gu');
const ALL_EMOJI = new RegExp(EMOJI, 'gu');

/**
 * Markdown source without its emphasis marks: `*` anywhere, `_` where it can open or close
 * emphasis. An underscore inside a word (`max_retries`, `__name__` in code) is a letter of it.
 */
export function withoutEmphasis(source: string): string {
  // One pass: a backtick flips between prose and code, and only prose loses its marks.
  let out = '';
  let code = false;
  for (const part of source.split(/(`+)/)) {
    if (part.startsWith('`')) {
      code = !code;
      out += part;
    } else out += code ? part : part.replace(/\*+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '');
  }
  return out;
}

/** Removes emoji, pictographs and their joiners/selectors. */
export function stripEmoji(text: string): string {
  return text.replace(ALL_EMOJI, '').replace(/\s+/g, ' ').trim();
}

/**
 * Removes the emoji that decorate a heading (`### 🧪 Why X? ✅`), keeping those inside the text,
 * which may say something ("Why did the deploy ✅ pass but the canary ❌ fail?").
 */
export function stripOuterEmoji(text: string): string {
  return text.replace(OUTER_EMOJI, '').replace(/\s+/g, ' ').trim();
}

/**
 * The question inside a heading or bold line: drops numbering and a short label before a quoted
 * part (`Bug 1: "…"`), surrounding quotes and trailing emphasis leftovers.
 */
export function cleanQuestion(text: string): string {
  let t = stripOuterEmoji(text).replace(/\s+/g, ' ').trim();
  t = stripNumbering(t);
  // A short label followed by a quoted question: `Bug 1: "…"`, `Scenario: "…"`.
  const labelled = /^[^"“”]{1,40}?[:：–—-]\s*(["“].+["”])\s*$/.exec(t);
  if (labelled?.[1] && isQuoted(labelled[1])) t = labelled[1];
  t = stripQuotes(t);
  t = t.replace(/^[*_]+|[*_]+$/g, '').trim();
  return stripQuotes(t);
}

/**
 * An interview prompt written as a request, not a question: "Walk me through the ledger service",
 * "Explain the import pipeline.", "Tell me about a time you disagreed with your manager."
 */
const PROMPT =
  /^(?:tell (?:me|us) about|walk (?:me|us) through|talk (?:me|us) through|take (?:me|us) through|give (?:me|us) an? (?:example|overview)|show (?:me|us) how|(?:explain|describe) (?:how|why|what|when|where|which|who|a time|your|the (?:difference|trade-?offs?|hardest|biggest))\b)\s*\S/i;

/** True when the text is an interview prompt of a few words, ending in a period or nothing. */
export function isPrompt(raw: string): boolean {
  const t = stripNumbering(stripEmoji(raw).trim()).replace(/^[*_"“]+|[*_"”]+$/g, '');
  if (!PROMPT.test(t) || t.length > 200) return false;
  return /[\p{L}\p{N})`'’.]$/u.test(t) && t.split(/\s+/).length >= 3;
}

/**
 * A question, then a request on the same line: `What is a closure? Give an example.`,
 * `你有使用过 X 吗？请说说它的用途`, `Как работает X? Объясните процесс Y.`
 */
export function asksThenRequests(text: string): boolean {
  const m = /^(.{4,}?[?？])[\s*_"”’'»」)]*([^?？]+)$/su.exec(stripEmoji(text).trim());
  return m?.[2] !== undefined && isRequest(m[2].replace(/^[*_]+|[*_]+$/g, '').trim());
}

/** True when the text, once cleaned, reads as a question by its form. */
export function looksLikeQuestion(raw: string): boolean {
  const t = stripEmoji(raw).trim();
  if (t === '' || /[:：]$/.test(t)) return false;
  const inner = stripNumbering(t);
  if (endsWithQuestionMark(inner)) return true;
  if (isPrompt(inner) || isRequest(inner)) return true;
  // `Q3:` or `5. Q:` before the text.
  if ((hasQPrefix(t) || hasQPrefix(t.replace(/^\d+(?:\.\d+)*[.)]\s*/, ''))) && inner.length > 0) return true;
  const labelled = /^(?:[^"“”]{0,40}?[:：–—-]\s*)?(["“].+["”])\s*$/.exec(inner);
  return Boolean(labelled?.[1] && isQuoted(labelled[1]) && labelled[1].length > 4);
}

/** A heading's text cleaned for use as a section name: no numbering, emoji, or "(0-3 min)". */
export function cleanSection(text: string): string {
  let t = stripEmoji(text);
  t = t.replace(/^\d+(?:\.\d+)+\s+(?=[\p{L}"“'‘`*_([])|^\d+(?:\.\d+)*\s*[.)：:-](?!\d)\s*/u, '');
  t = t.replace(
    /^(part|topic|section|chapter|round|stage|step|phase|module)\s+[\dIVXivx]+[a-z]?\s*[:.)–—-]\s*/i,
    '',
  );
  t = t.replace(/\s*\([^)]*\d[^)]*\)\s*$/, '');
  t = t.replace(/[*_`]/g, '');
  return t.replace(/\s+/g, ' ').trim();
}

/** The source of a node, as the guide wrote it. */
export function sliceOf(node: Nodes, text: string): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}

/** The source from the start of `first` to the end of `last`. */
export function spanOf(first: Nodes, last: Nodes, text: string): string {
  return text.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0);
}

/** Removes the indentation its lines share (a list item's nested lines, read on their own). */
export function dedent(source: string): string {
  const lines = source.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
}

/** `text` from the start of the line holding offset `from` to offset `to`, dedented. */
export function dedentedLines(text: string, from: number, to: number): string {
  return dedent(text.slice(text.lastIndexOf('\n', from - 1) + 1, to));
}
