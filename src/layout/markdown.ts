// Markdown → the few block kinds the PDFs print (paragraphs, headings, lists, code, tables),
// with inline styles as spans. Used for a gist's inline code and for the summary template's output.
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { BoundedCache } from '../cache.js';
import { parseWithPrices } from '../parse/math.js';
import { parseByParts } from '../parse/sections.js';
import { GFM_ONLY, parseLite } from './markdown-lite.js';
import type { Span, SpanStyle } from './types.js';

export type MdBlock =
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'heading'; depth: number; spans: Span[] }
  | { kind: 'code'; text: string; lang?: string }
  | { kind: 'math'; tex: string }
  | { kind: 'image'; url: string; alt: string }
  | { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { kind: 'quote'; blocks: MdBlock[] }
  | { kind: 'table'; rows: Span[][][] }
  | { kind: 'rule' };

// CommonMark is all a gist or a card needs, and its parser warms up several times faster than
// the one with GitHub's extensions, which is used only for text that has a table or ~~strike~~.
const commonmark = unified().use(remarkParse);
let gfm: { parse(md: string): unknown } | undefined;
let math: { parse(md: string): unknown } | undefined;

/** Inline code keeps the size of the prose around it: a line in two sizes splits text extraction's blocks. */
export const INLINE_CODE_SCALE = 1;

// One line with nothing Markdown reads specially outside its code spans needs no parser: most
// gists. An underscore inside a word (snake_case) never starts emphasis, so it may stay.
const SPECIAL = /[*[\]<>~\\&\n$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/;
const BLOCK_START = /^(\s|[-+]\s|\d+[.)]\s|[#>|=])/;

/**
 * Parsed texts, weighed by length: a guide's gists and cards are parsed again at every layout
 * attempt, but a worker that lays out a thousand guides must not keep them all.
 */
const cache = new BoundedCache<string, MdBlock[]>(400_000, (md) => md.length);

/** The blocks of a Markdown text; the result is shared, so callers must not change it. */
export function parseMarkdown(md: string): MdBlock[] {
  let blocks = cache.get(md);
  if (blocks) return blocks;
  const text = md.trimEnd();
  const line = !text || BLOCK_START.test(text) || text.includes('\n') ? null : codeSpans(text);
  if (!text) blocks = [];
  else if (line?.every((s) => s.style?.mono || !SPECIAL.test(s.text)))
    blocks = [{ kind: 'paragraph', spans: line }];
  else blocks = (GFM_ONLY.test(md) || md.includes('$') ? null : parseLite(md)) ?? parseRemark(md);
  cache.set(md, blocks);
  return blocks;
}

/** The blocks as remark reads them: CommonMark, with GitHub's tables when the text has one. */
export function parseRemark(md: string): MdBlock[] {
  let parser = commonmark as { parse(md: string): unknown };
  if (md.includes('$')) {
    // `$…$` and `$$…$$` are math, as the guide was read (remark-math), with GFM's tables.
    math ??= unified().use(remarkParse).use(remarkGfm).use(remarkMath);
    parser = math;
  } else if (GFM_ONLY.test(md)) {
    gfm ??= unified().use(remarkParse).use(remarkGfm);
    parser = gfm;
  }
  // Under --watch, a long text (a summary card) parsed again reuses the parts it had before.
  const of = parser === math ? 'layout-math' : parser === gfm ? 'layout-gfm' : 'layout';
  const read = (text: string): Root => parseByParts(text, (part) => parser.parse(part) as Root, of);
  // Prices stay text by the rule the guide was read with.
  const tree = parser === math ? parseWithPrices(md, read) : read(md);
  return blocksOf(tree.children);
}

/** Text with CommonMark code spans (a run of n backticks closed by the next run of n). */
function codeSpans(md: string): Span[] {
  const out: Span[] = [];
  let text = '';
  let i = 0;
  const ticks = (at: number) => {
    let n = 0;
    while (md.charCodeAt(at + n) === 96) n++;
    return n;
  };
  while (i < md.length) {
    if (md.charCodeAt(i) !== 96) {
      text += md[i];
      i++;
      continue;
    }
    const n = ticks(i);
    let close = -1;
    for (let j = i + n; j < md.length; ) {
      const m = ticks(j);
      if (m === n) {
        close = j;
        break;
      }
      j += Math.max(m, 1);
    }
    if (close < 0) {
      text += md.slice(i, i + n);
      i += n;
      continue;
    }
    let code = md.slice(i + n, close);
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim())
      code = code.slice(1, -1);
    if (text) out.push({ text });
    text = '';
    out.push({ text: code, style: { mono: true, scale: INLINE_CODE_SCALE } });
    i = close + n;
  }
  if (text) out.push({ text });
  return out;
}

function blocksOf(nodes: RootContent[]): MdBlock[] {
  const out: MdBlock[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph': {
        // Images are blocks of their own, after the text of their paragraph.
        const images = node.children.filter((c) => c.type === 'image');
        const text = images.length > 0 ? node.children.filter((c) => c.type !== 'image') : node.children;
        const spans = spansOf(text, {});
        if (images.length === 0 || spans.some((s) => s.text.trim() || s.math !== undefined))
          out.push({ kind: 'paragraph', spans });
        for (const image of images) out.push({ kind: 'image', url: image.url, alt: image.alt ?? '' });
        break;
      }
      case 'math':
        out.push({ kind: 'math', tex: node.value });
        break;
      case 'heading':
        out.push({ kind: 'heading', depth: node.depth, spans: spansOf(node.children, {}) });
        break;
      case 'code':
        out.push({ kind: 'code', text: node.value, ...(node.lang ? { lang: node.lang } : {}) });
        break;
      case 'html':
        out.push({ kind: 'paragraph', spans: [{ text: node.value }] });
        break;
      case 'list':
        out.push({
          kind: 'list',
          ordered: node.ordered ?? false,
          start: node.start ?? 1,
          items: node.children.map((item) => blocksOf(item.children)),
        });
        break;
      case 'blockquote':
        out.push({ kind: 'quote', blocks: blocksOf(node.children) });
        break;
      case 'table':
        out.push({
          kind: 'table',
          rows: node.children.map((row) => row.children.map((cell) => spansOf(cell.children, {}))),
        });
        break;
      case 'thematicBreak':
        out.push({ kind: 'rule' });
        break;
      default:
        // Definitions, footnote definitions, front matter: nothing a printed card shows.
        break;
    }
  }
  return out;
}

function spansOf(nodes: PhrasingContent[], style: SpanStyle): Span[] {
  const out: Span[] = [];
  for (const node of nodes) out.push(...spansOfNode(node, style));
  return out;
}

function spansOfNode(node: Nodes, style: SpanStyle): Span[] {
  switch (node.type) {
    case 'text':
      return [{ text: node.value, style }];
    case 'strong':
      return spansOf(node.children, { ...style, bold: true });
    case 'emphasis':
      return spansOf(node.children, { ...style, italic: true });
    case 'delete':
    case 'link':
    case 'linkReference':
      return spansOf(node.children, style);
    case 'inlineCode':
      // A code span's line ends are spaces (CommonMark), as the plain reader has them.
      return [
        { text: node.value.replace(/\n/g, ' '), style: { ...style, mono: true, scale: INLINE_CODE_SCALE } },
      ];
    case 'inlineMath':
      // Typeset where math is loaded; else, and when it does not parse, the TeX prints as code.
      return [
        { text: node.value, style: { ...style, mono: true, scale: INLINE_CODE_SCALE }, math: node.value },
      ];
    case 'break':
      return [{ text: '\n', style }];
    case 'html':
      return [{ text: node.value, style }];
    case 'image':
    case 'imageReference':
      return node.alt ? [{ text: node.alt, style }] : [];
    case 'footnoteReference':
      return [{ text: `[${node.label ?? node.identifier}]`, style }];
    default:
      return 'children' in node ? spansOf(node.children as PhrasingContent[], style) : [];
  }
}
