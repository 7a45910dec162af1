// Math in guides: remark-math reads `$…$` and `$$…$$`. Its rule for a single `$` is the code span's
// (any `$` closes), so "costs $5 and $10" would be a formula "5 and ". Guides are full of prices,
// so a single-dollar formula must also pass the rule pandoc and most Markdown renderers apply:
// the opening `$` is followed by a non-space, the closing `$` follows a non-space and is not
// followed by a digit. An opening `$` that fails it is read as text, and the guide is read again.
import type { Nodes, Root } from 'mdast';

/**
 * Characters that stand for a `$` read as text while the guide is parsed again: one UTF-16 unit
 * each, so every position stays the same. The first one the text does not hold is used.
 */
const MASKS = ['\uE000', '\uE001', '\uE002', '\uE003'];

/** How many times a guide is parsed again at most; a guide with more prices keeps the rest. */
const MAX_PASSES = 4;

/** The offsets of the opening `$` of single-dollar formulas that break the rule above. */
function moneyDollars(tree: Root, text: string): number[] {
  const found: number[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'inlineMath') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined && text[start] === '$' && text[start + 1] !== '$') {
        const inner = text.slice(start + 1, end - 1);
        const after = text[end] ?? '';
        if (/^\s|\s$/.test(inner) || /[0-9]/.test(after)) found.push(start);
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

/** Puts back the `$` a mask stood for, in every value of the tree. */
function unmask(tree: Root, mask: string): void {
  const visit = (node: Nodes): void => {
    if ('value' in node && typeof node.value === 'string' && node.value.includes(mask)) {
      node.value = node.value.split(mask).join('$');
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
}

/**
 * The text with every single `$` that cannot open a formula under the rule masked: one whose
 * next character is a space, or whose next single `$` in the paragraph cannot close it (a closing
 * `$` follows a non-space and comes before no digit). `$$` and `\$` stay as written.
 */
export function maskPrices(text: string, mask: string): string {
  const chars = text.split('');
  const single = (i: number): boolean =>
    chars[i] === '$' && chars[i - 1] !== '$' && chars[i + 1] !== '$' && chars[i - 1] !== '\\';
  const paragraphEnd = (from: number): number => {
    const blank = /\n[ \t]*\n/g;
    blank.lastIndex = from;
    return blank.exec(text)?.index ?? text.length;
  };
  let i = text.indexOf('$');
  while (i !== -1 && i < chars.length) {
    if (!single(i)) {
      i = text.indexOf('$', i + 1);
      continue;
    }
    // The formula closes at the next single `$` of the paragraph, or not at all.
    let next = text.indexOf('$', i + 1);
    while (next !== -1 && !single(next)) next = text.indexOf('$', next + 1);
    const closes =
      next !== -1 &&
      next < paragraphEnd(i) &&
      !/\s/.test(chars[i + 1] ?? ' ') &&
      !/\s/.test(chars[next - 1] ?? ' ') &&
      !/[0-9]/.test(chars[next + 1] ?? '');
    if (!closes) {
      chars[i] = mask;
      i = next;
      continue;
    }
    i = text.indexOf('$', next + 1);
  }
  return chars.join('');
}

/**
 * Parses `text` with `parse`, prices masked first by the rule above; should the parser still pair
 * dollars the rule does not (inside code, say), it parses again with those read as text, a few
 * times at most. Guides without a `$` are parsed as they are.
 */
export function parseWithPrices(text: string, parse: (text: string) => Root): Root {
  if (!text.includes('$')) return parse(text);
  const mask = MASKS.find((candidate) => !text.includes(candidate));
  if (!mask) return parse(text);
  let current = maskPrices(text, mask);
  let tree = parse(current);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const dollars = moneyDollars(tree, current);
    if (dollars.length === 0) break;
    const chars = current.split('');
    for (const offset of dollars) chars[offset] = mask;
    current = chars.join('');
    tree = parse(current);
  }
  if (current !== text) unmask(tree, mask);
  return tree;
}

/**
 * A formula in plain text, as the question's `$…$` (extraction keeps the delimiters): the opening
 * `$` before a non-space, the closing one after a non-space and before no digit, so prices
 * ("$5 and $10") stay text, as the parser reads them.
 */
export const TEXT_MATH = /(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\d$])/g;
