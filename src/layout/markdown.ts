// Markdown → the few block kinds the PDFs print (paragraphs, headings, lists, code, tables),
// with inline styles as spans. Used for a gist's inline code and for the summary template's output.
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Span, SpanStyle } from './types.js';

export type MdBlock =
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'heading'; depth: number; spans: Span[] }
  | { kind: 'code'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { kind: 'quote'; blocks: MdBlock[] }
  | { kind: 'table'; rows: Span[][][] }
  | { kind: 'rule' };

const parser = unified().use(remarkParse).use(remarkGfm);

/** Inline code keeps the size of the prose around it: a line in two sizes splits text extraction's blocks. */
export const INLINE_CODE_SCALE = 1;

// Text with nothing Markdown would read specially needs no parser: most gists, and fast.
const PLAIN = /^[^`*_[\]<>#|~\\&!\n]*$/;

export function parseMarkdown(md: string): MdBlock[] {
  if (PLAIN.test(md) && !/^\s*([-+]|\d+[.)])\s/.test(md)) {
    return md.trim() ? [{ kind: 'paragraph', spans: [{ text: md }] }] : [];
  }
  const tree = parser.parse(md) as Root;
  return blocksOf(tree.children);
}

function blocksOf(nodes: RootContent[]): MdBlock[] {
  const out: MdBlock[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        out.push({ kind: 'paragraph', spans: spansOf(node.children, {}) });
        break;
      case 'heading':
        out.push({ kind: 'heading', depth: node.depth, spans: spansOf(node.children, {}) });
        break;
      case 'code':
        out.push({ kind: 'code', text: node.value });
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
      return [{ text: node.value, style: { ...style, mono: true, scale: INLINE_CODE_SCALE } }];
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

/** The text of spans, without styles. */
export function plainText(spans: Span[]): string {
  return spans.map((s) => s.text).join('');
}
