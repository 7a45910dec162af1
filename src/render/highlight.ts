// Code highlighting for cards and PDFs: highlight.js's grammars through lowlight, which gives a
// hast tree instead of an HTML string, so each output draws the tokens its own way. The fence's
// language is used when lowlight knows it; without one, a language is guessed only when the
// guess is confident. The palette prints legibly in grey: every colour keeps a contrast of at
// least 4.5:1 against white once reduced to its luminance.
import { createRequire } from 'node:module';
import type { Element, ElementContent, Root } from 'hast';
import type { HLJSApi } from 'highlight.js';
import { common, createLowlight } from 'lowlight';
import { BoundedCache } from '../cache.js';

type Lowlight = ReturnType<typeof createLowlight>;
let lowlight: Lowlight | undefined;

function engine(): Lowlight {
  lowlight ??= createLowlight(common);
  return lowlight;
}

let hljs: HLJSApi | undefined;

/**
 * highlight.js with its common grammars, for guessing only: loaded the first time a code block
 * has no language (compiling the grammars a second time costs about as much as lowlight's own).
 */
function detector(): HLJSApi {
  hljs ??= createRequire(import.meta.url)('highlight.js/lib/common') as HLJSApi;
  return hljs;
}

/**
 * When an unlabelled block is coloured: highlight.js's best guess must score this relevance and
 * lead the second guess by AUTO_MARGIN. Guesses are weak on the snippets of guides: "x = 1" is INI
 * at 2, a line of SQL is INI at 3, nine lines of Python are Ruby at 12 against Python at 10, a Java
 * class C# at 9 against TypeScript at 9. A Go program is Go at 12 against C# at 6.
 */
export const AUTO_RELEVANCE = 10;
export const AUTO_MARGIN = 4;

/**
 * The languages an unlabelled block is guessed among: those interview guides hold code in. Each
 * grammar is compiled on the first guess, once per thread: 215 ms for all 37, 75 ms for 12.
 */
const GUESSED = [
  'javascript',
  'typescript',
  'python',
  'java',
  'go',
  'sql',
  'bash',
  'json',
  'yaml',
  'cpp',
  'csharp',
  'rust',
  'kotlin',
  'php',
  'ruby',
  'xml',
];

/**
 * The language highlight.js guesses with confidence, or null. Its own detection is used (lowlight
 * ignores illegal syntax, so every grammar scores), among GUESSED.
 */
function confidentGuess(block: string): string | null {
  // Line ends after the last line add no token to any grammar (checked on the 386 blocks of the
  // corpus, the seeds and the bench guide), and the card's code keeps one where the PDFs' does
  // not: without them, the block is guessed once for both.
  const code = block.replace(/\n+$/, '');
  const made = guesses.get(code);
  if (made !== undefined) return made;
  const { language, relevance, secondBest } = detector().highlightAuto(code, GUESSED);
  const confident =
    language !== undefined &&
    relevance >= AUTO_RELEVANCE &&
    relevance - (secondBest?.relevance ?? 0) >= AUTO_MARGIN &&
    engine().registered(language);
  const guessed = confident ? language : null;
  guesses.set(code, guessed);
  return guessed;
}

/**
 * Guesses made, by code: a block's card and its PDFs ask for the same one, and each guess runs
 * every grammar of GUESSED over the code.
 */
const guesses = new BoundedCache<string, string | null>(200_000, (code) => code.length);

/**
 * Whether an unlabelled block could be guessed at all: a drawing (box lines, arrows, blocks) is
 * no language, and under three lines no guess reaches AUTO_RELEVANCE. Neither loads the detector.
 */
function worthGuessing(code: string): boolean {
  if (/[\u2190-\u21ff\u2500-\u257f\u2580-\u25ff]/u.test(code)) return false;
  return code.split('\n').filter((line) => line.trim() !== '').length >= 3;
}

/** How a group of tokens looks. */
export interface TokenStyle {
  color: string;
  bold?: boolean;
  italic?: boolean;
}

/** The token groups that are coloured; every other token is plain text. */
export type Scope = 'keyword' | 'string' | 'comment' | 'number' | 'title' | 'type' | 'meta' | 'variable';

export const PALETTE: Record<Scope, TokenStyle> = {
  keyword: { color: '#7a1f8c', bold: true },
  string: { color: '#1a6b1a' },
  comment: { color: '#5f6368', italic: true },
  number: { color: '#9a4300' },
  title: { color: '#0b4f9c' },
  type: { color: '#00677a' },
  meta: { color: '#8a1c1c' },
  variable: { color: '#6a4a00' },
};

/** highlight.js class names (without `hljs-`) → the group they are drawn as. */
const SCOPES: Record<string, Scope> = {
  keyword: 'keyword',
  'selector-tag': 'keyword',
  doctag: 'keyword',
  section: 'keyword',
  name: 'keyword',
  string: 'string',
  regexp: 'string',
  symbol: 'string',
  'selector-attr': 'string',
  'selector-pseudo': 'string',
  addition: 'string',
  comment: 'comment',
  quote: 'comment',
  deletion: 'meta',
  number: 'number',
  literal: 'number',
  bullet: 'number',
  link: 'number',
  title: 'title',
  'title.function': 'title',
  'title.class': 'type',
  'title.function.invoke': 'title',
  function: 'title',
  'selector-id': 'title',
  'selector-class': 'title',
  type: 'type',
  built_in: 'type',
  class: 'type',
  meta: 'meta',
  'meta keyword': 'meta',
  attr: 'variable',
  attribute: 'variable',
  variable: 'variable',
  'template-variable': 'variable',
  params: 'variable',
  property: 'variable',
  tag: 'keyword',
};

/** One run of characters of a code line, with the group it is drawn as (null: plain). */
export interface CodeToken {
  text: string;
  scope: Scope | null;
}

export interface HighlightedCode {
  /** The language the code was highlighted as; null when it is plain text. */
  language: string | null;
  /** Each line's tokens; no token holds a line break. */
  lines: CodeToken[][];
}

/** The language lowlight knows by this fence name or alias, or null. */
export function knownLanguage(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const name = lang.trim().toLowerCase().split(/[\s{]/)[0] ?? '';
  return name !== '' && engine().registered(name) ? name : null;
}

/**
 * The highlighted tree of a code block: in its fence's language when it is known, else in the
 * language guessed with confidence, else null (plain text).
 */
export function highlightTree(
  code: string,
  lang: string | null | undefined,
): { language: string; tree: Root } | null {
  const known = knownLanguage(lang);
  if (known) return { language: known, tree: engine().highlight(known, code) };
  // A fence naming a language lowlight does not know is not guessed over.
  if (lang && lang.trim() !== '') return null;
  if (code.trim() === '' || !worthGuessing(code)) return null;
  const language = confidentGuess(code);
  return language ? { language, tree: engine().highlight(language, code) } : null;
}

/** The group a highlight.js class list is drawn as. */
export function scopeOf(className: unknown): Scope | null {
  if (!Array.isArray(className)) return null;
  const names = className
    .filter((name): name is string => typeof name === 'string' && name.startsWith('hljs-'))
    .map((name) => name.slice(5));
  const joined = names.join(' ');
  return SCOPES[joined] ?? SCOPES[names[0] ?? ''] ?? null;
}

/** Code split into lines of styled tokens, for outputs that draw text themselves (PDFs). */
export function highlightCode(code: string, lang: string | null | undefined): HighlightedCode {
  const found = highlightTree(code, lang);
  const lines: CodeToken[][] = [[]];
  const push = (text: string, scope: Scope | null): void => {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part === '') return;
      const line = lines[lines.length - 1] as CodeToken[];
      const last = line[line.length - 1];
      if (last && last.scope === scope) last.text += part;
      else line.push({ text: part, scope });
    });
  };
  if (!found) {
    push(code, null);
    return { language: null, lines };
  }
  const walk = (nodes: ElementContent[], scope: Scope | null): void => {
    for (const node of nodes) {
      if (node.type === 'text') push(node.value, scope);
      else if (node.type === 'element') walk(node.children, scopeOf(node.properties.className) ?? scope);
    }
  };
  walk(found.tree.children as ElementContent[], null);
  return { language: found.language, lines };
}

/** The inline CSS of a group: cards carry no style sheet of their own. */
export function inlineStyle(style: TokenStyle): string {
  let css = `color:${style.color}`;
  if (style.bold) css += ';font-weight:bold';
  if (style.italic) css += ';font-style:italic';
  return css;
}

/**
 * A highlighted tree with each token's class turned into an inline style, and nothing else:
 * a span whose class is no coloured group is unwrapped.
 */
export function styledChildren(tree: Root): ElementContent[] {
  const convert = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return node.type === 'text' ? [node] : [];
      const children = convert(node.children);
      const scope = scopeOf(node.properties.className);
      if (!scope) return children;
      const span: Element = {
        type: 'element',
        tagName: 'span',
        properties: { style: inlineStyle(PALETTE[scope]) },
        children,
      };
      return [span];
    });
  return convert(tree.children as ElementContent[]);
}
