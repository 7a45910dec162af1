// `### "Why polling?"`, `## Q0: "…"`, `### **Q1: …**`, `## 12. How does X work?`, `## 面试题？`.
import { cleanQuestion, looksLikeQuestion, plain } from '../text.js';
import type { Recognizer } from '../types.js';

export const headingQuestion: Recognizer = {
  name: 'heading-question',
  claim(node) {
    if (node.type !== 'heading' || !node.position) return null;
    const text = plain(node);
    if (!looksLikeQuestion(text)) return null;
    const question = cleanQuestion(text);
    if (question === '') return null;
    const { line, column } = node.position.start;
    return [{ kind: 'question', question, style: this.name, line, column, depth: node.depth }];
  },
};
