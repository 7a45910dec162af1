// `"How do you test the firmware without a buoy?"` alone in a paragraph, outside any answer: the
// question as the interviewer would say it, its answer in the blocks after it.
import { cleanQuestion, endsWithQuestionMark, isQuoted, plain } from '../text.js';
import type { Recognizer } from '../types.js';

export const quotedQuestion: Recognizer = {
  name: 'quoted-question',
  claim(node, ctx) {
    // Inside an answer, a quoted question is the answer quoting someone.
    if (node.type !== 'paragraph' || !node.position || ctx.open !== null) return null;
    const text = plain(node);
    if (!isQuoted(text) || !endsWithQuestionMark(text)) return null;
    const question = cleanQuestion(text);
    if (question.length < 4) return null;
    const { line, column } = node.position.start;
    return [{ kind: 'question', question, style: this.name, line, column }];
  },
};
