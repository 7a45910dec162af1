// What belongs to the question's front: the code, options, table or Input/Output between a
// question and the label that starts its answer (`<summary>Answer</summary>`, `**Answer:**`,
// `> **Answer: C**`, `Solution:`), and the options of a quiz whose right one is ticked (`- [x]`).
import type { ListItem, RootContent } from 'mdast';
import { ANSWER_LEAD, EXAMPLE_LABEL, LABEL_SUMMARY } from './lexicon.js';
import { htmlToText } from './recognizers/details-question.js';
import { plain, sliceOf, spanOf } from './text.js';

export interface PromptSplit {
  /** The question's Markdown prompt. */
  prompt: string;
  /** The answer's blocks. */
  nodes: RootContent[];
  /** Answer text that comes before those blocks (the ticked options of a quiz). */
  lead: string;
}

const SUMMARY = /<summary[^>]*>([\s\S]*?)<\/summary>/i;
/** An option of a multiple-choice question: `A: …`, `B) …`, `c. …`. */
const OPTION = /^[A-Ha-h][:.)]/;

/** A `<details>` whose summary only labels the answer it hides. */
export function isLabelDetails(node: RootContent): boolean {
  if (node.type !== 'html') return false;
  const m = SUMMARY.exec(node.value);
  return m?.[1] !== undefined && LABEL_SUMMARY.test(htmlToText(m[1]));
}

/** A list of options (`- A: …`, `- B: …`): the question's, never an answer's label. */
function isOptionList(node: RootContent): boolean {
  if (node.type !== 'list' || node.children.length < 2) return false;
  return node.children.every((item) => OPTION.test(plain(item)) || typeof item.checked === 'boolean');
}

/** True when the block announces the answer that follows: a label summary, `**Answer:**`, `> Answer: C`. */
export function isAnswerMarker(node: RootContent): boolean {
  if (isLabelDetails(node)) return true;
  if (node.type === 'heading') {
    // A heading that is only a link points elsewhere (`### [more](notes.md#L12)`): no label.
    if (node.children.length > 0 && node.children.every((c) => c.type === 'link')) return false;
    const t = plain(node);
    return LABEL_SUMMARY.test(t) || ANSWER_LEAD.test(t);
  }
  if (node.type === 'paragraph') return ANSWER_LEAD.test(plain(node));
  if (node.type === 'blockquote') {
    const first = node.children[0];
    return first?.type === 'paragraph' && ANSWER_LEAD.test(plain(first));
  }
  if (node.type === 'list' && !isOptionList(node)) {
    const first = node.children[0]?.children[0];
    return first?.type === 'paragraph' && ANSWER_LEAD.test(plain(first));
  }
  return false;
}

function taskItems(node: RootContent): ListItem[] {
  return node.type === 'list' ? node.children.filter((item) => typeof item.checked === 'boolean') : [];
}

/** An item's Markdown without its marker and check box. */
function itemText(item: ListItem, text: string): string {
  return item.children
    .map((c) => sliceOf(c, text))
    .join('\n\n')
    .replace(/&shy;/g, '')
    .trim();
}

/**
 * A quiz answered by ticks: options as task items, some ticked. The prompt is every block up to
 * the last option (ticks cleared); the answer is the ticked options (with the code block an empty
 * option stands for), then what follows.
 */
function quiz(nodes: RootContent[], text: string): PromptSplit | null {
  const items = nodes.flatMap(taskItems);
  if (!items.some((i) => i.checked) || !items.some((i) => !i.checked)) return null;
  let last = -1;
  nodes.forEach((n, k) => {
    if (taskItems(n).length > 0) last = k;
  });
  // An option whose text is a code block below it: `- [x] &shy;` then the fence.
  if (
    nodes[last + 1]?.type === 'code' &&
    taskItems(nodes[last] as RootContent).every((i) => !itemText(i, text))
  )
    last++;
  const start = nodes[0]?.position?.start.offset ?? 0;
  const end = nodes[last]?.position?.end.offset ?? start;
  const prompt = text.slice(start, end).replace(/^(\s*[-*+]\s+)\[[xX]\]/gm, '$1[ ]');
  const ticked: string[] = [];
  nodes.slice(0, last + 1).forEach((n, k) => {
    for (const item of taskItems(n)) {
      if (!item.checked) continue;
      const own = itemText(item, text);
      const code = nodes[k + 1];
      ticked.push(own || (code?.type === 'code' ? sliceOf(code, text) : ''));
    }
  });
  return { prompt: prompt.trim(), nodes: nodes.slice(last + 1), lead: ticked.filter(Boolean).join('\n\n') };
}

/** A paragraph that opens with a bold label (`**Problem:**`, `**Challenges:**`): the answer's own structure. */
const BOLD_LABEL = /^(?:\*\*|__)[^*_\n]{1,40}[:：](?:\*\*|__)|^(?:\*\*|__)[^*_\n]{1,40}(?:\*\*|__)\s*[:：]/;

/**
 * What a question may carry before its answer's label: code, a table, options, an image, HTML, a
 * short line of text (`What is wrong?`, `Input: 8`). A long paragraph or a labelled part
 * (`**Problem:** …` before `**Solution:** …`) means the answer has begun.
 */
function promptLike(node: RootContent, text: string, at: number): boolean {
  if (node.type === 'code' || node.type === 'table' || node.type === 'html') return true;
  // `#### Example:` right under the question, over the code it asks about; after prose, the
  // example is part of an explanation, which is the answer's.
  if (node.type === 'heading') return at === 0 && EXAMPLE_LABEL.test(plain(node));
  if (node.type === 'list') return isOptionList(node);
  if (node.type !== 'paragraph') return false;
  const source = sliceOf(node, text);
  // Options one a line, however long (`**A)** …` / `**B)** …`).
  const lines = source.split('\n');
  if (lines.length >= 2 && lines.every((l) => OPTION.test(l.replace(/^[\s*_]+|[*_]+/g, '')))) return true;
  return !BOLD_LABEL.test(source) && plain(node).length <= 300;
}

/** The question's prompt and its answer's blocks, when the blocks after a question hold both. */
export function splitPrompt(nodes: RootContent[], text: string): PromptSplit | null {
  const marker = nodes.findIndex(isAnswerMarker);
  const ticked = quiz(marker > 0 ? nodes.slice(0, marker) : nodes, text);
  if (ticked) {
    if (marker > 0) ticked.nodes.push(...nodes.slice(marker));
    return ticked;
  }
  if (marker > 0 && nodes.slice(0, marker).every((n, at) => promptLike(n, text, at))) {
    const first = nodes[0];
    const last = nodes[marker - 1];
    if (!first || !last) return null;
    const prompt = spanOf(first, last, text).trim();
    return { prompt, nodes: nodes.slice(marker), lead: '' };
  }
  return null;
}
