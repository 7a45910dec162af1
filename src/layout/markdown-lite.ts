// A reader for the plain subset of Markdown that cards and gists are mostly made of: ATX
// headings, `-` lists, paragraphs, backslash escapes, code spans and **strong**. Anything else
// makes it give up (null), and the caller asks remark; a test holds the two to the same result.
import type { MdBlock } from './markdown.js';
import type { Span, SpanStyle } from './types.js';

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ITEM = /^- +(\S.*)$/;
// Lines that would start something this reader does not know: quotes, fences, HTML, tables,
// indented code, thematic breaks, setext underlines, other list markers, empty headings, and an
// indented `-` item, which nests a list in the item above or follows a paragraph as a list.
const FOREIGN =
  /^(?: {0,3}(?:[>|<]|```|~~~|[*+] |\d+[.)]|[-*_=][-*_= \t]*$|#+\s*$)| {1,3}-(?:[ \t]|$)| {4}|\t)/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

export function parseLite(md: string): MdBlock[] | null {
  const blocks: MdBlock[] = [];
  let para: string[] | null = null;
  let list: { kind: 'list'; ordered: false; start: number; items: MdBlock[][] } | null = null;
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
  for (const raw of md.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/[ \t]+$/, '');
    if (!line) {
      blank = true;
      continue;
    }
    if (FOREIGN.test(raw)) return null;
    const heading = HEADING.exec(line);
    const entry = ITEM.exec(line);
    if (/\\$/.test(line) || / {2,}$/.test(raw)) return null; // a hard line break
    if (heading) {
      if (!close()) return null;
      list = null;
      const spans = inline(heading[2] ?? '');
      if (!spans) return null;
      blocks.push({ kind: 'heading', depth: heading[1]?.length ?? 1, spans });
    } else if (entry) {
      if (!close()) return null;
      if (!list) {
        list = { kind: 'list', ordered: false, start: 1, items: [] };
        blocks.push(list);
      }
      item = [entry[1] ?? ''];
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

/** Inline text: escapes, code spans and flanking `**` pairs; null for any other markup. */
function inline(text: string): Span[] | null {
  const out: Span[] = [];
  let buf = '';
  let style: SpanStyle = {};
  const flush = () => {
    if (buf) out.push({ text: buf, style });
    buf = '';
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
      let code = text.slice(i + n, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim())
        code = code.slice(1, -1);
      flush();
      out.push({ text: code, style: { ...style, mono: true, scale: 1 } });
      i = close + n;
    } else if (ch === '*' && text[i + 1] === '*' && text[i + 2] !== '*' && text[i - 1] !== '*') {
      const before = i === 0 ? ' ' : (text[i - 1] as string);
      const after = text[i + 2] ?? ' ';
      if (!style.bold && leftFlanking(before, after)) {
        flush();
        style = { ...style, bold: true };
      } else if (style.bold && rightFlanking(before, after)) {
        flush();
        const { bold: _, ...rest } = style;
        style = rest;
      } else return null;
      i += 2;
    } else if ('*_[]<>!&~'.includes(ch)) {
      return null;
    } else {
      buf += ch;
      i += 1;
    }
  }
  if (style.bold) return null; // an unclosed `**` is text to CommonMark: let remark say so
  flush();
  return out;
}

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
