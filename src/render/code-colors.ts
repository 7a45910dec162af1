// Code highlighting for the answers PDF: highlight.js's grammars through lowlight (37 common
// languages, a hast tree rather than HTML), flattened into coloured tokens per line. The fence's
// language is used; without one, a language is guessed only when highlight.js is confident.
import type { Element, ElementContent, Root } from 'hast';
import { common, createLowlight } from 'lowlight';
import type { Span } from '../layout/types.js';

let engine: ReturnType<typeof createLowlight> | undefined;
const lowlight = () => {
  engine ??= createLowlight(common);
  return engine;
};

/**
 * The relevance highlight.js's best guess needs before unlabelled code is coloured as that
 * language. Measured: a few real lines of Python, Go, JavaScript and SQL score 9–13 and are
 * guessed right; arrow diagrams and numbered steps score 1–3 and are guessed wrong (CSS, Lua);
 * one-liners score 1–3 whatever they are (a SQL query as Bash).
 */
export const AUTO_RELEVANCE = 8;

/**
 * The languages a guess chooses from: those interview guides hold code in. Trying each of the
 * 37 costs about 40 ms a block (and compiling every grammar first); these take under half.
 */
const AUTO_SUBSET = [
  'bash',
  'c',
  'cpp',
  'csharp',
  'go',
  'java',
  'javascript',
  'json',
  'kotlin',
  'php',
  'python',
  'ruby',
  'rust',
  'sql',
  'swift',
  'typescript',
  'xml',
  'yaml',
];

/** Arrows and box drawing: a diagram drawn in text, which no grammar colours well. */
const DIAGRAM = /[→←↑↓⇒─│┌┐└┘├┤┬┴┼═║▶▼]/;

/** Fewer lines than this are never guessed: they cannot reach the relevance, and guessing costs. */
const AUTO_MIN_LINES = 3;

type Scope = 'keyword' | 'string' | 'comment' | 'number' | 'title' | 'type' | 'meta' | 'variable';

/**
 * Dark colours that differ in hue on screen and stay dark in grey: each has a contrast of at
 * least 4.5:1 against white once reduced to its luminance (tests/render/code-colors.test.ts).
 */
export const CODE_PALETTE: Record<Scope, { color: string; bold?: boolean; italic?: boolean }> = {
  keyword: { color: '#8b1e6b', bold: true },
  string: { color: '#1d6b2c' },
  comment: { color: '#5c6470', italic: true },
  number: { color: '#9c4100' },
  title: { color: '#1a4f8f' },
  type: { color: '#006d75' },
  meta: { color: '#7a3b00' },
  variable: { color: '#5b4a8a' },
};

const SCOPE_OF: Record<string, Scope> = {
  keyword: 'keyword',
  'selector-tag': 'keyword',
  tag: 'keyword',
  doctag: 'keyword',
  section: 'keyword',
  string: 'string',
  regexp: 'string',
  symbol: 'string',
  addition: 'string',
  comment: 'comment',
  quote: 'comment',
  number: 'number',
  literal: 'number',
  bullet: 'number',
  deletion: 'meta',
  meta: 'meta',
  title: 'title',
  section_title: 'title',
  function: 'title',
  'selector-id': 'title',
  'selector-class': 'title',
  type: 'type',
  built_in: 'type',
  class: 'type',
  attr: 'variable',
  attribute: 'variable',
  variable: 'variable',
  'template-variable': 'variable',
  property: 'variable',
  name: 'keyword',
};

/** The language a fence names, when lowlight knows it. */
export function fenceLanguage(lang: string | undefined): string | null {
  const name = lang
    ?.trim()
    .toLowerCase()
    .split(/[\s{,]/)[0];
  return name && lowlight().registered(name) ? name : null;
}

/** The tree of the code, in the fence's language or a confident guess; null for plain text. */
export function highlightTree(
  code: string,
  lang: string | undefined,
): { language: string; tree: Root } | null {
  const known = fenceLanguage(lang);
  if (known) return { language: known, tree: lowlight().highlight(known, code) };
  if (lang?.trim()) return null; // a language it does not know: never guessed over
  if (code.split('\n').filter((l) => l.trim()).length < AUTO_MIN_LINES || DIAGRAM.test(code)) return null;
  const guess = lowlight().highlightAuto(code, { subset: AUTO_SUBSET });
  const language = guess.data?.language;
  return language && (guess.data?.relevance ?? 0) >= AUTO_RELEVANCE ? { language, tree: guess } : null;
}

function scopeOf(node: Element): Scope | null {
  const classes = node.properties?.className;
  if (!Array.isArray(classes)) return null;
  for (const c of classes) {
    const name = String(c).replace(/^hljs-/, '');
    const scope = SCOPE_OF[name] ?? SCOPE_OF[name.split('.')[0] ?? ''];
    if (scope) return scope;
  }
  return null;
}

/**
 * Highlighted code as spans per line (the lines as `lines` gives them), or null when the code is
 * plain text. The tree's text is the code's text, so the lines match one for one.
 */
export function highlightSpans(lines: string[], lang: string | undefined): Span[][] | null {
  const found = highlightTree(lines.join('\n'), lang);
  if (!found) return null;
  const out: Span[][] = [[]];
  const visit = (nodes: ElementContent[], scope: Scope | null) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const style = scope ? CODE_PALETTE[scope] : undefined;
        node.value.split('\n').forEach((piece, k) => {
          if (k > 0) out.push([]);
          if (piece)
            out[out.length - 1]?.push(style ? { text: piece, style: { ...style } } : { text: piece });
        });
      } else if (node.type === 'element') visit(node.children, scopeOf(node) ?? scope);
    }
  };
  visit(found.tree.children as ElementContent[], null);
  return out;
}
