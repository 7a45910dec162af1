// `"How do you test the firmware without a buoy?"` alone in a paragraph, outside any answer, or
// after a short label (`**Practice question:** "…?"`): the question as the interviewer would say
// it, its answer in the blocks after it.
import { ANSWER_LEAD } from '../lexicon.js';
import { cleanQuestion, endsWithQuestionMark, isQuoted, plain } from '../text.js';
import type { Recognizer } from '../types.js';

/** A lead-in naming when a question comes, then the question in quotes. */
const WHEN_ASKED =
  /^(?:when|if)\s+(?:you(?:'re|\s+are)\s+|you\s+get\s+)?(?:asked|someone\s+asks|they\s+ask|(?:an?|the|your)\s+interviewer\s+asks)\b[^"“”]{0,20}?[:,]?\s*["“]([^"“”]{4,250})["”]/iu;

/** A short label, then the quoted question: `Practice question: "…?"`. */
const LABELLED = /^([^"“”:：]{1,40})[:：]\s*(["“].+["”])\s*$/u;
/** Labels that name who speaks: the interviewer's words are not this recognizer's, the candidate's are answers. */
const SPEAKER = /^(?:you|me|i|candidate|interviewer|interviewee|them|they|he|she|[a-z]{1,3})$/i;

export const quotedQuestion: Recognizer = {
  name: 'quoted-question',
  claim(node, ctx) {
    if (!node.position) return null;
    // `> What is a socket?` alone in its quote, the answer below the quote: the same, quoted
    // by Markdown instead of quote marks. It ends the answer of a question asked the same way.
    if (node.type === 'blockquote' && (ctx.open === null || ctx.openStyle === this.name)) {
      const [only, more] = node.children;
      if (more !== undefined || only?.type !== 'paragraph') return null;
      const text = plain(only);
      if (!endsWithQuestionMark(text) || text.length > 250 || text.split(/[?？]/).length > 3) return null;
      const question = cleanQuestion(text);
      if (question.length < 4) return null;
      const { line, column } = node.position.start;
      return [{ kind: 'question', question, style: this.name, line, column }];
    }
    // Inside an answer, a quoted question is the answer quoting someone.
    if (node.type !== 'paragraph' || ctx.open !== null) return null;
    const text = plain(node);
    // `When asked "How did you make it distributed?", explain …` / `If someone asks "why this
    // design?", a strong response is:`: the quoted question, its answer in the blocks after.
    const when = WHEN_ASKED.exec(text);
    if (when?.[1] && endsWithQuestionMark(when[1])) {
      const { line, column } = node.position.start;
      return [{ kind: 'question', question: cleanQuestion(when[1]), style: this.name, line, column }];
    }
    // A short label may come first (`**Practice question:** "How would you …?"`), unless it
    // names a speaker or the answer.
    const label = LABELLED.exec(text);
    const quoted =
      label && !SPEAKER.test(label[1] ?? '') && !ANSWER_LEAD.test(label[1] ?? '') ? (label[2] ?? '') : text;
    if (!isQuoted(quoted) || !endsWithQuestionMark(quoted)) return null;
    const question = cleanQuestion(text);
    if (question.length < 4) return null;
    const { line, column } = node.position.start;
    return [{ kind: 'question', question, style: this.name, line, column }];
  },
};
