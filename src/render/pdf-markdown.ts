// Guide text made safe to put into a Markdown template: escaped so that it can never add
// formatting, headings, tables or links of its own; gists kept to their inline code.
import { parseMarkdown } from '../layout/markdown.js';
import type { Span } from '../layout/types.js';
import { TEXT_MATH } from '../parse/math.js';

// CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can start
// or end formatting inside a line.
// `$` too: guide text never starts a formula of its own ("$5 and $10" stays prices).
const INLINE = /[\\`*_[\]<>|~&#!$]/g;

/** Escapes text that sits inside a line of Markdown, keeping its spaces as they are. */
export function escapeInline(text: string): string {
  return text.replace(INLINE, '\\$&');
}

/** Guide text as one line of Markdown that reads back as exactly that text. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim())
    .replace(/^([-+=>])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A question as one line of Markdown, its formulas (`$…$`, by the rule the cards use) kept as
 * math so the PDF typesets them, and everything else escaped as text.
 */
export function escapeMarkdownKeepingMath(text: string): string {
  if (!text.includes('$')) return escapeMarkdown(text);
  const one = text.replace(/\s+/g, ' ').trim();
  let out = '';
  let at = 0;
  for (const m of one.matchAll(TEXT_MATH)) {
    out += escapeInline(one.slice(at, m.index));
    out += m[0];
    at = m.index + m[0].length;
  }
  out += escapeInline(one.slice(at));
  return out.replace(/^([-+=>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A code span that holds `code` whatever backticks it contains. */
export function codeSpan(code: string): string {
  const value = code.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...Array.from(value.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || /^ .* $/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** Spans back to inline Markdown: text escaped, code as code spans, other styles dropped. */
export function spansToMarkdown(spans: Span[]): string {
  return spans
    .map((s) =>
      s.math !== undefined
        ? `$${s.math.replace(/\s+/g, ' ').trim()}$`
        : s.style?.mono
          ? codeSpan(s.text)
          : escapeInline(s.text.replace(/\s+/g, ' ')),
    )
    .join('')
    .trim()
    .replace(/^([-+=>])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * The gist's first sentence, at most `max` characters (cut at a word, with an ellipsis), as
 * safe inline Markdown. Code blocks and lists count as text; nothing but inline code survives.
 */
export function gistLine(gist: string, max: number): string {
  if (max <= 0) return '';
  const spans: Span[] = [];
  for (const block of parseMarkdown(gist)) {
    if (spans.length > 0) spans.push({ text: ' ' });
    if (block.kind === 'paragraph' || block.kind === 'heading') spans.push(...block.spans);
    else if (block.kind === 'code')
      spans.push({ text: block.text.split('\n')[0] ?? '', style: { mono: true } });
    else if (block.kind === 'list') spans.push(...block.items.flatMap((item) => firstSpans(item)));
    else if (block.kind === 'quote')
      spans.push(...block.blocks.flatMap((b) => ('spans' in b ? b.spans : [])));
  }
  return spansToMarkdown(truncate(spans, max));
}

function firstSpans(blocks: ReturnType<typeof parseMarkdown>): Span[] {
  const first = blocks[0];
  return first && 'spans' in first ? [...first.spans, { text: '; ' }] : [];
}

function truncate(spans: Span[], max: number): Span[] {
  const out: Span[] = [];
  let used = 0;
  for (const span of spans) {
    const text = span.text.replace(/\s+/g, ' ');
    if (!span.style?.mono) {
      // The end of the first sentence ends the line, when it comes early enough.
      const end = /[.!?](?=\s|$)/.exec(text);
      if (end && used + end.index < max) {
        out.push({ ...span, text: text.slice(0, end.index + 1) });
        return out;
      }
    }
    if (used + text.length <= max) {
      out.push({ ...span, text });
      used += text.length;
      continue;
    }
    if (span.math !== undefined) {
      // A formula is never cut: what does not fit is left out.
      out.push({ text: '…' });
      return out;
    }
    const room = max - used;
    const cut = text.slice(0, room + 1).replace(/\s+\S*$/, '');
    const head = span.style?.mono || cut.length < room / 2 ? text.slice(0, room) : cut;
    out.push(
      { ...span, text: span.style?.mono ? head.trimEnd() : head.replace(/[\s;,:.(–—-]+$/, '') },
      { text: '…' },
    );
    return out;
  }
  const last = out[out.length - 1];
  if (last && !last.style?.mono) last.text = last.text.replace(/[;,:\s]+$/, '');
  return out;
}
