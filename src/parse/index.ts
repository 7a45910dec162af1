// text → mdast: unified + remark-parse, with GFM tables and YAML front matter; positions kept.
// The tree is cut to a safe depth before any transform walks it (see depth.ts).
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { markBullets } from './bullets.js';
import { type DepthCut, limitDepth } from './depth.js';
import { remarkGfmBlocks } from './gfm.js';
import { parseWithPrices } from './math.js';
import { parseByParts } from './sections.js';
import { parseWithStrayFences, type UnclosedFence } from './stray-fence.js';

export { type DepthCut, MAX_TREE_NESTING } from './depth.js';
export { linkBareUrls } from './gfm.js';
export { keepParts } from './sections.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkGfmBlocks)
  .use(remarkMath)
  .use(remarkFrontmatter, ['yaml']);
/** Parts of a guide (an answer) have no front matter: a leading `---` is a thematic break. */
const fragmentProcessor = unified().use(remarkParse).use(remarkGfmBlocks).use(remarkMath);

/** Where each parsed tree was cut for nesting too deeply; trees that were not cut are absent. */
const cutsOf = new WeakMap<Root, DepthCut[]>();

/** Parses a guide's text into an mdast tree whose nodes all carry `position`. */
export function parseMarkdown(text: string): Root {
  const { tree, strayLines, unclosed } = parseWithStrayFences(text, (source) =>
    parseWithPrices(source, (masked) => parseByParts(markBullets(masked), (part) => processor.parse(part))),
  );
  const cuts = limitDepth(tree);
  const root = processor.runSync(tree) as Root;
  if (cuts.length > 0) cutsOf.set(root, cuts);
  if (strayLines.length > 0) strayOf.set(root, strayLines);
  if (unclosed.length > 0) unclosedOf.set(root, unclosed);
  return root;
}

/** Blocks that ran into the next one and were closed where their prose resumes. */
const unclosedOf = new WeakMap<Root, UnclosedFence[]>();

/** The code blocks of `root`'s guide that were closed where the text after them resumes. */
export function closedFences(root: Root): UnclosedFence[] {
  return unclosedOf.get(root) ?? [];
}

/** Lines of fences that closed no code block and were read as text (see stray-fence.ts). */
const strayOf = new WeakMap<Root, number[]>();

/** The lines of `root`'s guide whose fence opened no code block and was read as text. */
export function strayFences(root: Root): number[] {
  return strayOf.get(root) ?? [];
}

/**
 * Parses a piece of a guide, such as one answer, into mdast: no front matter, depth-limited like
 * a whole guide.
 */
export function parseFragment(text: string): Root {
  const tree = parseWithPrices(text, (source) => fragmentProcessor.parse(markBullets(source)));
  limitDepth(tree);
  return fragmentProcessor.runSync(tree) as Root;
}

/** Where `parseMarkdown` cut the branches of `root` that nested too deeply, in document order. */
export function depthCuts(root: Root): DepthCut[] {
  return cutsOf.get(root) ?? [];
}

/**
 * Trees of answers that were already parsed as part of their guide, keyed by the answer's text.
 * The Anki renderer, which runs in the same thread, takes them instead of parsing each answer a
 * second time; each is taken once. The store holds up to twice the answers of the largest guide
 * (the size limit), the oldest going first, so that every answer of one guide is parsed once.
 */
const known = new Map<string, Root>();
const KNOWN_CHARS = 4 * 1024 * 1024;
let knownChars = 0;

export function rememberTree(text: string, tree: Root): void {
  if (known.has(text)) return;
  known.set(text, tree);
  knownChars += text.length;
  for (const oldest of known.keys()) {
    if (knownChars <= KNOWN_CHARS) break;
    known.delete(oldest);
    knownChars -= oldest.length;
  }
}

/** The tree remembered for exactly this text, once; undefined when there is none. */
export function takeTree(text: string): Root | undefined {
  const tree = known.get(text);
  if (tree) {
    known.delete(text);
    knownChars -= text.length;
  }
  return tree;
}
