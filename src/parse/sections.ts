// A guide parsed again after an edit: only the parts whose text changed are parsed, the others
// taken from the guide's last tree. A part starts at a line that begins with `#` (an ATX heading
// at the left margin) and runs to the next such line. Such a line always starts a new top-level
// block, unless something still open swallows it (a code block, a formula block, an HTML block):
// a part is kept only where the whole tree had a block start right there, and a part parsed
// alone that ends inside such a block sends the guide to be parsed whole. Positions are moved to
// where each part sits, so the result is the tree of the whole text parsed at once (the tests
// check this on every guide they have).
import type { Node, Root, RootContent } from 'mdast';
import { BoundedCache } from '../cache.js';

/** A parser of a whole text: unified's `processor.parse`. */
export type ParseText = (text: string) => Root;

/**
 * The parsers whose parts are kept, by name: a part is only ever reused for the parser that read
 * it (a guide's, or one of the PDFs' parsers).
 */
export type PartsOf = 'guide' | 'layout' | 'layout-gfm' | 'layout-math';

/** A line that begins an ATX heading at the left margin. */
const HEADING_LINE = /^#{1,6}(?:[ \t]|$)/;
/**
 * A definition (`[id]: url`, or a footnote's `[^1]: …`): it serves references anywhere in the
 * text, so a text that has one is parsed whole.
 */
const DEFINITION = /^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:/m;
const LONE_CR = /\r(?!\n)/;
/** Front matter, to its closing line; a text that opens one and never closes it is read to its end. */
const FRONT_MATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)|^---[ \t]*\r?\n[\s\S]*/;
/** The fence of a code block, or of a formula block, at a block's margin. */
const FENCE = /^ {0,3}(`{3,}|~{3,}|\${2,})/;

/** Where each part of `text` starts, as offsets; the first is 0. */
export function partStarts(text: string): number[] {
  const starts = [0];
  // A carriage return alone ends a line too, where this reads lines by their line feeds.
  if (text.startsWith('\uFEFF') || LONE_CR.test(text) || DEFINITION.test(text)) return starts;
  let fence = '';
  // Front matter is YAML, whose comments begin with `#`.
  let at = FRONT_MATTER.exec(text)?.[0].length ?? 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const next = end === -1 ? text.length : end + 1;
    const line = text.slice(at, end === -1 ? text.length : end);
    const run = FENCE.exec(line)?.[1];
    if (run) {
      if (fence === '') fence = run;
      else if (run[0] === fence[0] && run.length >= fence.length && line.trim() === run) fence = '';
    } else if (fence === '' && at > 0 && HEADING_LINE.test(line)) starts.push(at);
    at = next;
  }
  return starts;
}

/**
 * Trees of parts by their parser's name and their text, positions counted from the part's start;
 * about PART_CHARS characters of text, what is not used again going first.
 */
const PART_CHARS = 4 * 1024 * 1024;
const parts = new BoundedCache<string, RootContent[]>(PART_CHARS, (key) => key.length);

function keep(key: string, children: RootContent[]): void {
  if (!parts.has(key)) parts.set(key, children);
}

/** Whether parts are kept at all: only where a guide is parsed again and again (--watch). */
let keeping = false;

/** Keeps the parts of every guide parsed from now on, so that a guide parsed again reuses them. */
export function keepParts(on = true): void {
  keeping = on;
  if (!on) parts.clear();
}

/**
 * Whether the part's text ends inside a block that a heading line does not close: its last
 * non-blank line is part of a code, formula or HTML block (closed or not, to be safe).
 */
function endsOpen(children: RootContent[], text: string): boolean {
  const lastLine = text.trimEnd().lastIndexOf('\n') + 1;
  let node: Node | undefined = children.at(-1);
  while (node) {
    if (
      BLOCKS_LEFT_OPEN.has(node.type) &&
      (node.position?.end.offset ?? Number.POSITIVE_INFINITY) >= lastLine
    )
      return true;
    node = (node as { children?: Node[] }).children?.at(-1);
  }
  return false;
}

const BLOCKS_LEFT_OPEN = new Set(['code', 'math', 'html']);

/** A copy of `node` with every position moved by `lines` lines and `offset` characters. */
function moved<T extends Node>(node: T, lines: number, offset: number): T {
  const copy = { ...node } as T & { children?: Node[] };
  if (node.position) {
    const { start, end } = node.position;
    copy.position = {
      start: { line: start.line + lines, column: start.column, offset: (start.offset ?? 0) + offset },
      end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
    };
  }
  const children = (node as { children?: Node[] }).children;
  if (children) copy.children = children.map((child) => moved(child, lines, offset));
  if (node.data) copy.data = structuredClone(node.data);
  // A table's column alignments, the one other array of a node.
  const align = (node as { align?: unknown[] }).align;
  if (Array.isArray(align)) (copy as { align?: unknown[] }).align = [...align];
  return copy;
}

/** Line breaks in `text` between `from` and `to`. */
function breaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Share of a guide's text that may be new for it to be put together from its parts. */
const NEW_SHARE = 0.5;

/**
 * The tree of `text` as `parse` reads it whole. While parts are kept, a text most of whose parts
 * were seen before is put together from them, the new parts parsed alone; any other text is
 * parsed whole and its parts kept.
 */
export function parseByParts(text: string, parse: ParseText, of: PartsOf = 'guide'): Root {
  if (!keeping) return parse(text);
  const starts = partStarts(text);
  if (starts.length === 1) return parse(text);
  const keys = starts.map((from, k) => `${of}\u0000${text.slice(from, starts[k + 1] ?? text.length)}`);
  const unseen = keys.reduce((n, key) => n + (parts.has(key) ? 0 : key.length - of.length - 1), 0);
  const together = unseen <= text.length * NEW_SHARE ? fromParts(text, starts, keys, parse) : null;
  if (together) return together;
  const whole = parse(text);
  keepPartsOf(whole, text, starts, of);
  return whole;
}

/**
 * The tree put together from the parts (keys: the parser's name, a NUL, the part's text), or null
 * when a new part ends inside an open block.
 */
function fromParts(text: string, starts: number[], keys: string[], parse: ParseText): Root | null {
  const children: RootContent[] = [];
  let lines = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] ?? '';
    const slice = key.slice(key.indexOf('\u0000') + 1);
    let own = parts.get(key);
    if (!own) {
      own = parse(slice).children;
      if (k < keys.length - 1 && endsOpen(own, slice)) return null;
      keep(key, own);
    }
    const from = starts[k] ?? 0;
    for (const child of own) children.push(moved(child, lines, from));
    lines += breaks(slice, 0, slice.length);
  }
  const lastLine = text.lastIndexOf('\n') + 1;
  return {
    type: 'root',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: lines + 1, column: text.length - lastLine + 1, offset: text.length },
    },
  };
}

/**
 * Keeps the parts of a tree parsed whole: each part that starts where a top-level block starts,
 * with the blocks up to the next such part.
 */
function keepPartsOf(tree: Root, text: string, starts: number[], of: PartsOf): void {
  const at = new Set(tree.children.map((child) => child.position?.start.offset));
  const kept = starts.filter((s, k) => k === 0 || at.has(s));
  let c = 0;
  let lines = 0;
  for (let k = 0; k < kept.length; k++) {
    const from = kept[k] ?? 0;
    const to = kept[k + 1] ?? text.length;
    const own: RootContent[] = [];
    while (c < tree.children.length && (tree.children[c]?.position?.start.offset ?? 0) < to) {
      const child = tree.children[c++];
      if (child) own.push(moved(child, -lines, -from));
    }
    keep(`${of}\u0000${text.slice(from, to)}`, own);
    lines += breaks(text, from, to);
  }
}
