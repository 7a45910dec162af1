// Raw HTML inside an answer: never run on a card (src/render/html.ts shows it as text), but worth
// a warning, since the author probably meant it to render or meant code in backticks; and the
// `<details>` blocks that only lay questions out.
import type { Nodes, RootContent } from 'mdast';
import { convertible } from './html-text.js';
import { LABEL_SUMMARY } from './lexicon.js';
import { looksLikeQuestion } from './text.js';

export interface RawHtml {
  /** The first tag, shortened: `<script>`, `<img …>`. */
  sample: string;
  line: number;
  column: number;
  /** Raw HTML nodes in the answer. */
  count: number;
}

/** `<details>` opened minus closed in a piece of HTML. */
export function detailsBalance(html: string): number {
  return (html.match(/<details\b/gi)?.length ?? 0) - (html.match(/<\/details\s*>/gi)?.length ?? 0);
}

/** Tags that only lay a page out (`<br>`, `<p>`, `</details>`, `<b>`), and what a label summary holds. */
const LAYOUT_TAG =
  /<\/?(?:details|summary|p|br|b|strong|i|em|u|div|span|center|hr|sup|sub|small|big)\b[^>]*>/gi;

/**
 * True when HTML is only layout: separator and emphasis tags, comments, and a summary that labels
 * its answer ("Answer", "Réponse"), with nothing else in it. It says nothing a card would miss.
 */
export function isLayoutHtml(html: string): boolean {
  const rest = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<summary[^>]*>([\s\S]*?)<\/summary>/gi, (all, inner: string) =>
      LABEL_SUMMARY.test(inner.replace(/<[^>]*>/g, '')) ? '' : all,
    )
    // In-page navigation: `<a href="#table-of-contents">↥ back to top</a>`.
    .replace(/<a\s[^>]*href\s*=\s*["']#[^"']*["'][^>]*>[^<]{0,60}<\/a>/gi, '')
    .replace(LAYOUT_TAG, '');
  return rest.trim() === '';
}

/**
 * The topic of a `<details>` opened inside an answer, when the block is only layout around its
 * summary (`<details><summary>Why NaN is a number</summary>`): the answer shows it as a bold line.
 */
export function foldedTopic(html: string): string | null {
  const m = /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(html);
  if (!m?.[1]) return null;
  const topic = m[1]
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!topic || LABEL_SUMMARY.test(topic)) return null;
  return isLayoutHtml(html.replace(m[0], '')) ? topic : null;
}

/** HTML without the summaries that only label the answer they fold (`<summary>Answer</summary>`). */
export function withoutLabelSummary(html: string): string {
  return html.replace(/<summary[^>]*>([\s\S]*?)<\/summary>/gi, (all, inner: string) =>
    LABEL_SUMMARY.test(inner.replace(/<[^>]*>/g, '').trim()) ? '' : all,
  );
}

/**
 * What a `<details>` that only labels the answer it folds holds, when it is the whole of `source`
 * (`<details><summary>Answer</summary>` … `</details>`, an item's nested text): the answer without
 * the tags, and without the separators (`---`) before the closing one. `source` unchanged otherwise.
 */
export function unfoldAnswerDetails(source: string): string {
  const m = /^<details\b[^>]*>\s*<summary[^>]*>([\s\S]*?)<\/summary>([\s\S]*)<\/details\s*>$/i.exec(
    source.trim(),
  );
  if (!m || !LABEL_SUMMARY.test((m[1] ?? '').replace(/<[^>]*>/g, '').trim())) return source;
  const inner = m[2] ?? '';
  if (/<\/?details\b/i.test(inner)) return source;
  return inner
    .replace(/(?:\n[ \t]*(?:-[ \t]*){3,}|\n[ \t]*(?:\*[ \t]*){3,}|\n[ \t]*(?:_[ \t]*){3,}|\s)*$/, '')
    .trim();
}

/** The text of the summary a block opens a `<details>` with, if it does. */
export function summaryText(html: string): string | null {
  if (!/<details\b/i.test(html)) return null;
  const m = /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(html);
  return m?.[1] === undefined
    ? null
    : m[1]
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
}

/**
 * A `<details>` whose summary does not ask, over `<details>` whose summary does (with only layout
 * such as `<div class="content">` between): a group of questions, named by its summary, not a card.
 */
export function detailsGroup(nodes: RootContent[], i: number): string | null {
  const node = nodes[i];
  if (node?.type !== 'html' || detailsBalance(node.value) <= 0) return null;
  const title = summaryText(node.value);
  if (!title || looksLikeQuestion(title)) return null;
  const m = /<\/summary>/i.exec(node.value);
  if (!m || !isLayoutHtml(node.value.slice(m.index + m[0].length))) return null;
  for (let j = i + 1; j < nodes.length; j++) {
    const next = nodes[j];
    if (next?.type !== 'html') return null;
    const inner = summaryText(next.value);
    // Without the word that only says it opens (`자기소개 펼치기`, `CSS Expand`).
    const last = /\s(\S+)$/.exec(title);
    const named = last?.[1] && LABEL_SUMMARY.test(last[1]) ? title.slice(0, last.index) : title;
    if (inner !== null) return looksLikeQuestion(inner) ? named : null;
    if (!isLayoutHtml(next.value)) return null;
  }
  return null;
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
    if (
      node.type === 'html' &&
      !isDroppedComment(node, depth) &&
      !isLayoutHtml(node.value) &&
      !(depth === 0 && (foldedTopic(node.value) || convertible(withoutLabelSummary(node.value))))
    ) {
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
