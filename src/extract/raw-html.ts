// Raw HTML inside an answer: never run on a card (src/render/html.ts shows it as text), but worth
// a warning, since the author probably meant it to render or meant code in backticks.
import type { Nodes, RootContent } from 'mdast';

export interface RawHtml {
  /** The first tag, shortened: `<script>`, `<img …>`. */
  sample: string;
  line: number;
  column: number;
  /** Raw HTML nodes in the answer. */
  count: number;
}

/** A block that is only an HTML comment: buildAnswer drops it, so it never reaches a card. */
function isDroppedComment(node: Nodes, depth: number): boolean {
  return depth === 0 && node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim());
}

/** The raw HTML an answer's nodes hold, or null; iterative, whatever the depth. */
export function rawHtmlIn(nodes: RootContent[]): RawHtml | null {
  let found: RawHtml | null = null;
  const stack: [Nodes, number][] = nodes.map((n): [Nodes, number] => [n, 0]).reverse();
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Nodes, number];
    if (node.type === 'html' && !isDroppedComment(node, depth)) {
      if (found) found.count++;
      else {
        const tag = /^<[^>\s]*/.exec(node.value.trim())?.[0] ?? '<';
        const sample = node.value.trim().startsWith(`${tag}>`) ? `${tag}>` : `${tag} …>`;
        const start = node.position?.start;
        found = { sample, line: start?.line ?? 1, column: start?.column ?? 1, count: 1 };
      }
    }
    if ('children' in node) {
      const children = node.children as Nodes[];
      for (let k = children.length - 1; k >= 0; k--) stack.push([children[k] as Nodes, depth + 1]);
    }
  }
  return found;
}
