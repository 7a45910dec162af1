// `Q: …` / `A: …` paragraphs (bold or plain labels), the answer in the same paragraph or after it.
import { cleanQuestion, plain } from '../text.js';
import type { Recognizer } from '../types.js';

const Q_LABEL = /^(?:q|question)\s*\d*\s*[:.)：]\s*\S/i;
/** An `A:` label at the start of a line of the paragraph's source. */
const A_LINE = /\n[ \t]*(?:\*\*|__)?(?:a|answer)\s*\d*\s*[:.)：](?:\*\*|__)?[ \t]*/i;

export const qaParagraph: Recognizer = {
  name: 'qa-paragraph',
  claim(node, ctx) {
    if (node.type !== 'paragraph' || !node.position) return null;
    const text = plain(node);
    if (!Q_LABEL.test(text)) return null;
    const start = node.position.start.offset ?? 0;
    const end = node.position.end.offset ?? start;
    const source = ctx.text.slice(start, end);
    const a = A_LINE.exec(source);
    const questionSource = a ? source.slice(0, a.index) : source;
    const question = cleanQuestion(plain({ type: 'text', value: questionSource.replace(/[*_]/g, '') }));
    if (question.length < 3) return null;
    const { line, column } = node.position.start;
    const claim = { kind: 'question' as const, question, style: this.name, line, column };
    return [a ? { ...claim, answerFrom: start + a.index + a[0].length } : claim];
  },
};
