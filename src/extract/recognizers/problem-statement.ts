// Exercises whose answer label makes the text above it a question: a problem statement, then
// `Hints:` / `Solution:` / `Answer:` (`Question 5` / `Level 1` / `## Q.` labels around it, or
// nothing). The statement's first line is the question; its other lines (Input/Output examples)
// are the question's prompt. The walker calls this when it meets such a label.
import type { RootContent } from 'mdast';
import { LABEL_ONLY } from '../lexicon.js';
import { cleanQuestion, looksLikeQuestion, sliceOf } from '../text.js';
import type { Claim } from '../types.js';

/** A line that only labels or ranks an exercise: `Question 5`, `Level 1`, `Difficulty: easy`, `7.2`. */
const LABEL_LINE =
  /^(?:level\s*\d+|difficulty\s*[:：]?\s*\w+|(?:easy|medium|hard)|难度\s*[:：]?\s*\S+|сложность\s*[:：]?\s*\S+|\d+(?:\.\d+)*\.?)$/i;

/** Symbols and Latin-1 letters left at a line's end by a misread full-width colon (`£º`). */
const MOJIBAKE_TAIL = /(?:[^\p{L}\p{N}\s]|[\u00A0-\u00FF])+$/u;

function isLabelLine(line: string): boolean {
  const t = line.replace(/[*_#]/g, '').trim();
  // Mojibake of a full-width colon (`Question£º`) is still a label; words after the label, in any
  // script (`问题 1：什么是闭包？`), are a question.
  return (
    t === '' || LABEL_ONLY.test(t) || LABEL_ONLY.test(t.replace(MOJIBAKE_TAIL, '')) || LABEL_LINE.test(t)
  );
}

/** True when a block only labels an exercise (`Question 9` / `Level 2`), saying nothing itself. */
export function isLabelBlock(node: RootContent, text: string): boolean {
  if (node.type !== 'paragraph' && node.type !== 'heading') return false;
  return sliceOf(node, text).split('\n').every(isLabelLine);
}

/** Statement blocks: prose paragraphs, and indented (unfenced) text that reads as prose. */
export function isStatementBlock(node: RootContent, text: string): boolean {
  if (node.type === 'paragraph') return !isLabelBlock(node, text);
  return (
    node.type === 'code' &&
    !/^\s*(`{3,}|~{3,})/.test(sliceOf(node, text)) &&
    /[a-z]{3,}\s+[a-z]{2,}/i.test(node.value)
  );
}

export interface Statement {
  claim: Claim;
  /** The statement's lines after its first, and the blocks after the first: the question's prompt. */
  prompt: string;
}

/** A line of Markdown as text: links as their words, HTML and ruby readings gone. */
function lineText(line: string): string {
  return line
    .replace(/<(rt|rp)>[^<]*<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\`/g, '\u0000')
    .replace(/`/g, '')
    .replace(/\\(.)/g, '$1')
    .replaceAll('\u0000', '`')
    .replace(/(^|\s)[*_]+|[*_]+(?=\s|$)/g, '$1');
}

/** The question a problem statement makes, from its blocks (labels already left out). */
export function statementQuestion(nodes: RootContent[], text: string): Statement | null {
  const paragraphs = nodes.filter((n) => n.type === 'paragraph');
  // The statement asks in its first line, or later, after its code ("… 这是怎么回事呢？").
  const firstLine = (n: RootContent) => lineText(sliceOf(n, text).split('\n')[0] ?? '');
  const asking =
    paragraphs[0] && looksLikeQuestion(firstLine(paragraphs[0]))
      ? undefined
      : paragraphs.find((n) => looksLikeQuestion(lineText(sliceOf(n, text)).replace(/\s+/g, ' ')));
  if (asking?.position) {
    const question = cleanQuestion(lineText(sliceOf(asking, text)).replace(/\s+/g, ' '));
    const rest = nodes.filter((n) => n !== asking).map((n) => sliceOf(n, text));
    const claim: Claim = { kind: 'question', question, style: 'problem-statement', ...asking.position.start };
    return {
      claim: { ...claim, line: asking.position.start.line, column: asking.position.start.column },
      prompt: rest.join('\n\n').trim(),
    };
  }
  const first = paragraphs[0] ?? nodes[0];
  if (!first?.position) return null;
  const lines = sliceOf(first, text).split('\n');
  // Leading label lines inside the block (`Question£º` then the problem on the next line).
  let skip = 0;
  while (skip < lines.length - 1 && isLabelLine(lines[skip] ?? '')) skip++;
  const head = (lines[skip] ?? '').trim();
  // Emphasis marks go; a `*` between words (`i*i`) is the problem's own.
  const question = cleanQuestion(lineText(head));
  if (question.length < 3) return null;
  const rest = [
    ...nodes.slice(0, nodes.indexOf(first)).map((n) => sliceOf(n, text)),
    lines
      .slice(skip + 1)
      .map((l) => l.trim())
      .join('\n'),
    ...nodes.slice(nodes.indexOf(first) + 1).map((n) => sliceOf(n, text)),
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  const claim: Claim = {
    kind: 'question',
    question,
    style: 'problem-statement',
    line: first.position.start.line + skip,
    column: first.position.start.column,
  };
  return { claim, prompt: rest.trim() };
}
