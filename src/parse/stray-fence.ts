// Fences that went astray, the two ways authors lose one:
// - A fence that closes nothing. Authors who forget a code block's opening fence leave its closing
//   ``` behind; the parser reads it as the opening of a new block, which then swallows the guide
//   down to the next fence: headings, questions and answers become code. Such a block gives itself
//   away: it holds an opening fence with a language (```py, which can never close a block) and a
//   heading. Its first fence is then read as text, and the guide is parsed again.
// - A block never closed before the next one. Its code runs on into the prose after it, down to
//   the next block's opening fence with a language, which cannot close it. The prose gives the
//   place away: the first sentence or heading after a blank line, where the author went back to
//   writing. A closing fence is put before the blank lines in front of it, the guide is parsed
//   again, and every position is mapped back to the text as written.
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';

/** A line that opens a fenced block with a language: inside a block, it is a fence gone astray. */
const OPENING_WITH_LANGUAGE = /^ {0,3}(?:`{3,}[^`\s]+|~{3,}\S+)[^`]*$/m;
const HEADING_LINE = /^ {0,3}#{1,6}[ \t]+\S/m;
const BARE_FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*$/;
const ANY_FENCE = /^( {0,3})(`{3,}|~{3,})/;
/** An opening fence with a language, on a line of its own: its run of fence characters. */
const INNER_OPENING = /^ {0,3}(`{3,}|~{3,})[ \t]*[^`\s][^`]*$/;
/** Where prose resumes inside a block: a section heading (not a `# comment`)… */
const RESUMING_HEADING = /^ {0,3}#{2,6}[ \t]+\S/;
/** …or a sentence: a capital (or a script without case) first, several words, an end mark. */
const SENTENCE = /^[\p{Lu}\p{Lo}][^=;{}<>|]*[.?!:。？！：]\s*$/u;
const MIN_SENTENCE_WORDS = 4;

/** How many fences are repaired at most; a guide with more keeps the rest as parsed. */
const MAX_PASSES = 8;

/** A block that runs past the prose after it: where it opened, where it stopped, what stopped it. */
export interface UnclosedFence {
  /** The line of the block's opening fence. */
  opened: number;
  /** The line the block is closed before (the first blank line in front of the prose). */
  closedAt: number;
  /** The line where the text resumes, after the blank lines. */
  resumes: number;
  /** The line of the next block's opening fence, which the block ran into. */
  nextFence: number;
}

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

function resumesProse(line: string): boolean {
  if (RESUMING_HEADING.test(line)) return true;
  if (!SENTENCE.test(line)) return false;
  return line.trim().split(/\s+/).length >= MIN_SENTENCE_WORDS || /[\p{Lo}]{8}/u.test(line);
}

/**
 * The first block of `tree` that holds an opening fence of its own kind with a language, and prose
 * before it: where to close it, as 1-based lines of `lines`. Null when no block does.
 */
function unclosedFence(tree: Root, lines: string[]): UnclosedFence | null {
  for (const node of tree.children) {
    if (node.type !== 'code' || !node.position) continue;
    const opened = node.position.start.line;
    const fence = ANY_FENCE.exec(lines[opened - 1] ?? '')?.[2];
    if (!fence) continue;
    const last = node.position.end.line;
    let inner = -1;
    for (let i = opened; i < last; i++) {
      const run = INNER_OPENING.exec(lines[i] ?? '')?.[1];
      if (run && run[0] === fence[0] && run.length >= fence.length) {
        inner = i;
        break;
      }
    }
    if (inner < 0) continue;
    // The first line after a blank one, between the opening fence and the inner one, that resumes.
    for (let i = opened + 1; i < inner; i++) {
      if ((lines[i - 1] ?? '').trim() !== '' || !resumesProse(lines[i] ?? '')) continue;
      let blank = i - 1;
      while (blank - 1 >= opened && (lines[blank - 1] ?? '').trim() === '') blank--;
      return { opened, closedAt: blank + 1, resumes: i + 1, nextFence: inner + 1 };
    }
  }
  return null;
}

/** One closing fence put into the text: at which offset and line, how many characters. */
interface Insertion {
  offset: number;
  line: number;
  length: number;
}

/** Maps every position of `tree` back across `insertions`, the last one put in first. */
function mapBack(tree: Root, insertions: Insertion[]): void {
  if (insertions.length === 0) return;
  const mapPoint = (point: { line: number; column: number; offset?: number }): void => {
    for (let k = insertions.length - 1; k >= 0; k--) {
      const at = insertions[k] as Insertion;
      const offset = point.offset ?? 0;
      if (offset < at.offset) continue;
      if (offset < at.offset + at.length) {
        point.offset = at.offset;
        point.line = at.line;
        point.column = 1;
      } else {
        point.offset = offset - at.length;
        point.line -= 1;
      }
    }
  };
  // A stack, not recursion: the tree is not cut to a safe depth yet.
  const stack: Node[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.position) {
      mapPoint(node.position.start);
      mapPoint(node.position.end);
    }
    const children = (node as Parent).children;
    if (children) for (const child of children) stack.push(child);
  }
}

/**
 * Parses `text`, then again with each stray fence blanked (the same number of characters) and each
 * block closed where its prose resumes (positions mapped back to `text`), and says what was done.
 */
export function parseWithStrayFences(
  text: string,
  parse: (text: string) => Root,
): { tree: Root; strayLines: number[]; unclosed: UnclosedFence[] } {
  let tree = parse(text);
  if (!text.includes('```') && !text.includes('~~~')) return { tree, strayLines: [], unclosed: [] };
  const strayLines: number[] = [];
  const unclosed: UnclosedFence[] = [];
  const insertions: Insertion[] = [];
  /** A line of the text as parsed, as a line of the text as written. */
  const written = (line: number): number => line - insertions.filter((at) => at.line < line).length;
  let lines: string[] | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    lines ??= text.split('\n');
    const stray = strayFenceLine(tree, lines);
    if (stray !== null) {
      strayLines.push(written(stray));
      lines[stray - 1] = (lines[stray - 1] ?? '').replace(/[`~]/g, ' ');
    } else {
      const open = unclosedFence(tree, lines);
      if (open === null) break;
      const fence = ANY_FENCE.exec(lines[open.opened - 1] ?? '')?.[2] ?? '```';
      let offset = 0;
      for (let i = 0; i < open.closedAt - 1; i++) offset += (lines[i] ?? '').length + 1;
      unclosed.push({
        opened: written(open.opened),
        closedAt: written(open.closedAt),
        resumes: written(open.resumes),
        nextFence: written(open.nextFence),
      });
      insertions.push({ offset, line: open.closedAt, length: fence.length + 1 });
      lines.splice(open.closedAt - 1, 0, fence);
    }
    tree = parse(lines.join('\n'));
  }
  mapBack(tree, insertions);
  return { tree, strayLines, unclosed };
}
