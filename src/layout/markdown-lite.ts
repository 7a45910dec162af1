// A reader for the plain subset of Markdown that cards and gists are mostly made of: ATX
// headings, `-` and numbered lists, paragraphs, code fenced at the margin, backslash escapes,
// code spans, **strong** and *emphasis*. Anything else makes it give up (null), and the caller
// asks remark; tests hold the two to the same result.
import type { MdBlock } from './markdown.js';
import type { Span, SpanStyle } from './types.js';

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
/** An item: its marker (`-`, `1.`, `1)`), one to four spaces, then text. */
const ITEM = /^(-|(\d{1,9})([.)])) {1,4}(\S.*)$/;
// Lines that would start something this reader does not know: quotes, fences, HTML, tables,
// indented code, thematic breaks, setext underlines, other list markers, empty headings, an
// indented `-` item, which nests a list in the item above or follows a paragraph as a list, an
// indented heading, and an item whose text starts after a tab or five spaces (indented code).
const FOREIGN =
  /^(?: {0,3}(?:[>|<]|```|~~~|[*+](?:[ \t]|$)|\d+[.)]|[-*_=][-*_= \t]*$|#+\s*$|-(?: {0,4}\t| {5}))| {1,3}(?:-(?:[ \t]|$)|#)| {4}|\t)/;
/** An item whose text starts another block (a heading, quote, list, fence, rule, HTML). */
const BLOCK_IN_ITEM =
  /^(?:#{1,6}(?:[ \t]|$)|[>|<]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|```|~~~|[-*_=][-*_= \t]*$)/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
/**
 * A fence at the margin: three or more backticks (an info string without any) or tildes. Its info
 * string's first word is the language; one with escapes or entities is left to remark.
 */
const FENCE = /^(`{3,}|~{3,})(.*)$/;

type List = { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] };

/**
 * A text only GitHub's extensions read as meant: a table line, or `~~`. Such a text is read with
 * them, where `~` strikes through too; in the others, and in this reader, a `~` is text.
 */
export const GFM_ONLY = /^\s*\|.*\|\s*$|~~/m;

export function parseLite(md: string): MdBlock[] | null {
  // GitHub's extensions are read by remark with them (and math, `$`, is never given here).
  if (GFM_ONLY.test(md)) return null;
  const blocks: MdBlock[] = [];
  let para: string[] | null = null;
  let list: List | null = null;
  /** The marker kind of the open list: `-`, `.` or `)`; another starts a new list. */
  let marker = '';
  let item: string[] | null = null;
  const close = (): boolean => {
    if (para) {
      const spans = inline(para.join('\n'));
      if (!spans) return false;
      blocks.push({ kind: 'paragraph', spans });
      para = null;
    }
    if (item && list) {
      const spans = inline(item.join('\n'));
      if (!spans) return false;
      list.items.push(spans.length > 0 ? [{ kind: 'paragraph', spans }] : []);
      item = null;
    }
    return true;
  };
  let blank = false;
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  for (let at = 0; at < lines.length; at++) {
    const raw = lines[at] as string;
    const line = raw.replace(/[ \t]+$/, '');
    if (!line) {
      blank = true;
      continue;
    }
    const fence = FENCE.exec(raw);
    if (fence) {
      // A fence ends a paragraph and, at the margin, a list; its lines are the code as written.
      const code = fencedCode(lines, at, fence);
      if (!code || !close()) return null;
      list = null;
      blocks.push(code.block);
      at = code.end;
      blank = false;
      continue;
    }
    const entry = ITEM.exec(line);
    if (!entry && FOREIGN.test(raw)) return null;
    const heading = HEADING.exec(line);
    // A hard line break: one made with spaces prints as the space a line end prints as; one
    // made with a backslash is left to remark.
    if (/\\$/.test(line)) return null;
    if (heading) {
      if (!close()) return null;
      list = null;
      // `# #`: the closing sequence is the whole text, and the heading is empty.
      const spans = inline((heading[2] ?? '').replace(/^#+$/, ''));
      if (!spans) return null;
      blocks.push({ kind: 'heading', depth: heading[1]?.length ?? 1, spans });
    } else if (entry) {
      const text = entry[4] ?? '';
      const kind = entry[3] ?? '-';
      const start = entry[2] === undefined ? 1 : Number(entry[2]);
      if (BLOCK_IN_ITEM.test(text)) return null;
      // Right below a paragraph, or an item of another list, a line numbered other than 1
      // continues that text; that is left to remark.
      if (!blank && (para || (item && kind !== marker)) && kind !== '-' && start !== 1) return null;
      if (!close()) return null;
      if (!list || kind !== marker) {
        list = { kind: 'list', ordered: kind !== '-', start, items: [] };
        marker = kind;
        blocks.push(list);
      }
      item = [text];
    } else if (item && !blank) {
      item.push(line.trim()); // a continuation of the item, lazy or indented
    } else if (para && !blank) {
      para.push(line.trim());
    } else {
      if (/^\s/.test(line)) return null; // indented after a blank line: more than this reader knows
      if (!close()) return null;
      list = null;
      para = [line.trim()];
    }
    blank = false;
  }
  return close() ? blocks : null;
}

/**
 * The code block a fence at `lines[at]` opens, and the index of its closing fence: the first line
 * of the same character, at least as long, indented by at most three spaces, with nothing after
 * it. A fence never closed runs to the end of the text, which is left to remark.
 */
function fencedCode(
  lines: string[],
  at: number,
  fence: RegExpExecArray,
): { block: MdBlock; end: number } | null {
  const marks = fence[1] as string;
  const info = (fence[2] ?? '').trim();
  if ((marks[0] === '`' && info.includes('`')) || /[\\&]/.test(info)) return null;
  const closing = new RegExp(`^ {0,3}${marks[0] === '`' ? '`' : '~'}{${marks.length},}[ \t]*$`);
  for (let end = at + 1; end < lines.length; end++) {
    if (!closing.test(lines[end] as string)) continue;
    const lang = info.split(/[ \t]/)[0];
    const text = lines.slice(at + 1, end).join('\n');
    return { block: { kind: 'code', text, ...(lang ? { lang } : {}) }, end };
  }
  return null;
}

/**
 * Inline text: escapes, code spans, `**` and `*` pairs that open and close in order, `*` runs
 * that can do neither, `_` inside a word, and `~`, `>`, `!` and `&` where they start nothing;
 * null for any other markup, or any delimiter CommonMark could read two ways.
 */
function inline(text: string): Span[] | null {
  const out: Span[] = [];
  let buf = '';
  let style: SpanStyle = {};
  /** The open delimiters, innermost last: one closes only what it opened. */
  const open: ('bold' | 'italic')[] = [];
  const flush = () => {
    if (buf) out.push({ text: buf, style });
    buf = '';
  };
  const toggle = (kind: 'bold' | 'italic', opens: boolean): void => {
    flush();
    if (opens) {
      open.push(kind);
      style = { ...style, [kind]: true };
    } else {
      open.pop();
      const { [kind]: _, ...rest } = style;
      style = rest;
    }
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      if (PUNCTUATION.test(next)) {
        buf += next;
        i += 2;
      } else {
        buf += ch;
        i += 1;
      }
    } else if (ch === '`') {
      let n = 0;
      while (text[i + n] === '`') n++;
      const close = findTicks(text, i + n, n);
      if (close < 0) {
        buf += '`'.repeat(n);
        i += n;
        continue;
      }
      // Over a line end, remark keeps the next line's indentation: left to it.
      if (text.slice(i + n, close).includes('\n')) return null;
      let code = text.slice(i + n, close);
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim())
        code = code.slice(1, -1);
      flush();
      out.push({ text: code, style: { ...style, mono: true, scale: 1 } });
      i = close + n;
    } else if (ch === '*') {
      // A whole run at once: the character before it is never one of its stars.
      let n = 0;
      while (text[i + n] === '*') n++;
      if (n > 2) return null;
      const kind = n === 2 ? 'bold' : 'italic';
      const before = i === 0 ? ' ' : (text[i - 1] as string);
      const after = text[i + n] ?? ' ';
      const left = leftFlanking(before, after);
      const right = rightFlanking(before, after);
      const inside = open.includes(kind);
      // `**` may open and close inside a word (a**b**c); a lone `*` there is left to remark.
      if (!inside && left && (kind === 'bold' || !right)) toggle(kind, true);
      else if (inside && open[open.length - 1] === kind && right && (kind === 'bold' || !left))
        toggle(kind, false);
      // Neither flanking (`a * b`), a run can neither open nor close: it is text.
      else if (!left && !right) buf += '*'.repeat(n);
      else return null;
      i += n;
    } else if (ch === '_') {
      // Inside a word (snake_case) underscores are text; anywhere else they may be emphasis.
      let n = 0;
      while (text[i + n] === '_') n++;
      if (!WORD.test(text[i - 1] ?? ' ') || !WORD.test(text[i + n] ?? ' ')) return null;
      buf += '_'.repeat(n);
      i += n;
    } else if ('[]<'.includes(ch)) {
      return null;
    } else if (
      (ch === '!' && text[i + 1] === '[') ||
      (ch === '&' && /[#A-Za-z0-9]/.test(text[i + 1] ?? ''))
    ) {
      // An image, or what may be a character reference (`&amp;`, `&#35;`).
      return null;
    } else {
      buf += ch;
      i += 1;
    }
  }
  // An unclosed `**` or `*` is text to CommonMark: let remark say so.
  if (open.length > 0) return null;
  flush();
  return out;
}

const WORD = /[\p{L}\p{N}]/u;

function findTicks(text: string, from: number, n: number): number {
  for (let j = from; j < text.length; ) {
    let m = 0;
    while (text[j + m] === '`') m++;
    if (m === n) return j;
    j += Math.max(m, 1);
  }
  return -1;
}

const space = (c: string) => /\s/.test(c);
const punct = (c: string) => PUNCTUATION.test(c) || /\p{P}|\p{S}/u.test(c);

function leftFlanking(before: string, after: string): boolean {
  return !space(after) && (!punct(after) || space(before) || punct(before));
}

function rightFlanking(before: string, after: string): boolean {
  return !space(before) && (!punct(before) || space(after) || punct(after));
}
