// A fence that closes nothing. Authors who forget a code block's opening fence leave its closing
// ``` behind; the parser reads it as the opening of a new block, which then swallows the guide
// down to the next fence: headings, questions and answers become code. Such a block gives itself
// away: it holds an opening fence with a language (```py, which can never close a block) and a
// heading. Its first fence is then read as text, and the guide is parsed again.
import type { Root } from 'mdast';

/** A line that opens a fenced block with a language: inside a block, it is a fence gone astray. */
const OPENING_WITH_LANGUAGE = /^ {0,3}(?:`{3,}[^`\s]+|~{3,}\S+)[^`]*$/m;
const HEADING_LINE = /^ {0,3}#{1,6}[ \t]+\S/m;
const BARE_FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*$/;

/** How many stray fences are read as text at most; a guide with more keeps the rest as parsed. */
const MAX_PASSES = 8;

/** The line of the first stray opening fence of `tree`, or null. */
function strayFenceLine(tree: Root, lines: string[]): number | null {
  for (const node of tree.children) {
    if (node.type !== 'code' || node.lang) continue;
    const line = node.position?.start.line;
    const fence = BARE_FENCE.exec(lines[line === undefined ? -1 : line - 1] ?? '')?.[2];
    if (line === undefined || !fence) continue;
    // A longer fence around shorter ones is a block that shows Markdown, written so on purpose.
    const inner = OPENING_WITH_LANGUAGE.exec(node.value)?.[0].trim() ?? '';
    const sameFence = inner.startsWith(fence) && inner[fence.length] !== fence[0];
    if (sameFence && HEADING_LINE.test(node.value)) return line;
  }
  return null;
}

/**
 * Parses `text`, then again with each stray fence blanked (the same number of characters, so every
 * position stays), and says which lines were blanked.
 */
export function parseWithStrayFences(
  text: string,
  parse: (text: string) => Root,
): { tree: Root; strayLines: number[] } {
  let tree = parse(text);
  if (!text.includes('```') && !text.includes('~~~')) return { tree, strayLines: [] };
  const strayLines: number[] = [];
  let lines: string[] | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    lines ??= text.split('\n');
    const line = strayFenceLine(tree, lines);
    if (line === null) break;
    strayLines.push(line);
    lines[line - 1] = (lines[line - 1] ?? '').replace(/[`~]/g, ' ');
    tree = parse(lines.join('\n'));
  }
  return { tree, strayLines };
}
