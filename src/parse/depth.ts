// A cap on how deeply an mdast tree nests. micromark builds any depth without recursing, but the
// transforms and walkers after it (remark-gfm, mdast-util-to-string, mdast-util-to-hast) recurse
// once per level and overflow the stack some thousand levels down. Levels below the cap are kept
// as plain text, so no later stage ever sees a deep tree.
import type { Nodes, Parent, PhrasingContent, Root } from 'mdast';

/** Nesting levels kept: blockquotes, lists, emphasis, links and the like, as a reader counts them. */
export const MAX_TREE_NESTING = 100;

/** Node types that add a level of nesting; list items and paragraphs belong to their list or block. */
const NESTING = new Set([
  'blockquote',
  'list',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'footnoteDefinition',
]);

/** Parents whose children are blocks: what is cut below them becomes a paragraph. */
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

export interface DepthCut {
  line: number;
  column: number;
}

/** The text of a subtree, without recursion: values of its leaves, blocks apart by a space. */
function flatText(node: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if ('value' in n && typeof n.value === 'string') parts.push(n.value);
    else if ('alt' in n && typeof n.alt === 'string') parts.push(n.alt);
    if (!('children' in n)) continue;
    if (FLOW.has(n.type) || n.type === 'list') parts.push(' ');
    const children = n.children as Nodes[];
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k] as Nodes);
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Replaces the content of `node` by its text, in the form its type may hold. */
function flatten(node: Parent): void {
  const value = flatText(node as Nodes);
  const { position } = node;
  const text: PhrasingContent = { type: 'text', value, position };
  if (node.type === 'list') {
    const paragraph = { type: 'paragraph', children: [text], position };
    node.children = [
      { type: 'listItem', spread: false, children: [paragraph], position },
    ] as Parent['children'];
  } else if (FLOW.has(node.type)) {
    node.children = [{ type: 'paragraph', children: [text], position }] as Parent['children'];
  } else {
    node.children = [text] as Parent['children'];
  }
}

/**
 * Cuts every branch of `root` that nests deeper than `max` levels, in place, keeping its text;
 * returns where each cut was made, in document order. Iterative, so any depth is safe.
 */
export function limitDepth(root: Root, max = MAX_TREE_NESTING): DepthCut[] {
  const cuts: DepthCut[] = [];
  const stack: [Nodes, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, levels] = stack.pop() as [Nodes, number];
    if (!('children' in node)) continue;
    const own = NESTING.has(node.type) ? levels + 1 : levels;
    if (own > max) {
      flatten(node);
      const start = node.position?.start;
      cuts.push({ line: start?.line ?? 1, column: start?.column ?? 1 });
      continue;
    }
    const children = node.children as Nodes[];
    for (let k = children.length - 1; k >= 0; k--) stack.push([children[k] as Nodes, own]);
  }
  return cuts;
}
