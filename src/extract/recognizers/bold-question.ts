// `**"Why X?"**` or `**Walk me through X.**` alone in a paragraph, or `**Why X?** Because …` with
// the answer after it.
import type { PhrasingContent } from 'mdast';
import { isRequest } from '../lexicon.js';
import {
  cleanQuestion,
  endsWithQuestionMark,
  hasQPrefix,
  isPrompt,
  isQuoted,
  looksLikeQuestion,
  plain,
} from '../text.js';
import type { Recognizer } from '../types.js';

function isEmphasis(node: PhrasingContent | undefined): boolean {
  return node?.type === 'strong' || node?.type === 'emphasis';
}

export const boldQuestion: Recognizer = {
  name: 'bold-question',
  claim(node, ctx) {
    if (node.type !== 'paragraph' || !node.position) return null;
    const [first, ...rest] = node.children;
    if (!first || !isEmphasis(first) || !first.position) return null;
    const head = plain(first);
    const tail = rest
      .map((n) => plain(n))
      .join('')
      .trim();
    const { line, column } = node.position.start;
    if (tail === '' || /^[.:!?)\s]*$/.test(tail)) {
      if (!looksLikeQuestion(head)) return null;
      // Inside an answer, a bold request ("**Explain the trade-off first.**") is advice to the
      // reader; only a question mark makes it a new question there.
      // A `Q:` label (`**14. Q: Explain …**`) asks wherever it is, and so do the interviewer's
      // quoted words (`**"Walk me through a deploy."**`).
      const labelled = hasQPrefix(head.replace(/^\d+(?:\.\d+)*[.)]\s*/, ''));
      if (
        ctx.open !== null &&
        !labelled &&
        !isQuoted(head.trim()) &&
        !endsWithQuestionMark(head) &&
        (isPrompt(head) || isRequest(head))
      )
        return null;
      return [{ kind: 'question', question: cleanQuestion(head), style: this.name, line, column }];
    }
    // Prose after the bold part: only a bold part that ends in a question mark is a question.
    if (!endsWithQuestionMark(head)) return null;
    const answerFrom = first.position.end.offset;
    return [{ kind: 'question', question: cleanQuestion(head), style: this.name, line, column, answerFrom }];
  },
};
