// `<details><summary>Question?</summary> … </details>`: collapsible Q&A written in HTML.
import { convertible, htmlToMarkdown } from '../html-text.js';
import { LABEL_SUMMARY } from '../lexicon.js';
import { cleanQuestion, looksLikeQuestion } from '../text.js';
import type { Recognizer } from '../types.js';

const SUMMARY = /<summary[^>]*>([\s\S]*?)<\/summary>/i;

/** Tags removed and the few entities a summary holds decoded: the text is never kept as HTML. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export const detailsQuestion: Recognizer = {
  name: 'details-question',
  claim(node, ctx) {
    if (node.type !== 'html' || !node.position) return null;
    const m = SUMMARY.exec(node.value);
    if (!m?.[1]) return null;
    const label = htmlToText(m[1]);
    // A summary that only labels what it hides ("Answer", "Réponse") is an answer, not a question.
    if (LABEL_SUMMARY.test(label)) return null;
    const question = cleanQuestion(label.replace(/[*_]{2}/g, ''));
    // A block kept for a question still to write (`#61 TODO`) asks nothing yet.
    if (question === '' || /^#?(?:todo|tbd|wip|fixme|\.\.\.|…)\b/i.test(question)) return null;
    // Inside an answer, a summary naming a topic ("Why NaN is a number") folds part of that
    // answer; only one that asks (a follow-up, `꼬리질문1: …?`) is a question of its own.
    if (ctx.open !== null && !looksLikeQuestion(label)) return null;
    // The question's line is the summary's, not the tag's above it.
    const line = node.position.start.line + (node.value.slice(0, m.index).match(/\n/g)?.length ?? 0);
    const column = m.index === 0 ? node.position.start.column : 1;
    const after = node.value.slice((m.index ?? 0) + m[0].length);
    const close = /<\/details>/i.exec(after);
    const base = { kind: 'question' as const, question, style: this.name, line, column };
    const asText = (html: string) => (convertible(html) ? htmlToMarkdown(html) : htmlToText(html)).trim();
    if (close) return [{ ...base, answer: asText(after.slice(0, close.index)), closed: true }];
    const inline = asText(after);
    return [
      {
        ...base,
        ...(inline ? { answer: inline } : {}),
        closer: (next) => next.type === 'html' && /<\/details>/i.test(next.value),
      },
    ];
  },
};
