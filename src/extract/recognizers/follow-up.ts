// `**Follow-up: "…"**`, `**If they ask: "…"**`, `#### Follow-up: …?`: questions that hang off the
// question before them.
import { cleanQuestion, looksLikeQuestion, plain } from '../text.js';
import type { Recognizer } from '../types.js';

/** A label announcing a follow-up, then a colon, then the question. */
const FOLLOW_UP =
  /^(?:possible |likely |common |probable )?(?:follow[- ]?ups?(?: question)?|if (?:they|the interviewer|asked|pressed)(?: (?:asks?|presses?|pushes?|follows? up|digs? deeper))?|they (?:might|may) (?:ask|follow up)|then they ask|probe|drill[- ]down)\s*(?:\([^)]*\))?\s*[:：–—-]\s*(.+)$/i;

/** The follow-up question in a text, or null when the text is not a follow-up line. */
export function followUpQuestion(text: string): string | null {
  const m = FOLLOW_UP.exec(text.trim());
  if (!m?.[1]) return null;
  return looksLikeQuestion(m[1]) ? cleanQuestion(m[1]) : null;
}

export const followUp: Recognizer = {
  name: 'follow-up',
  claim(node) {
    if (!node.position) return null;
    if (node.type !== 'paragraph' && node.type !== 'heading') return null;
    if (node.type === 'paragraph') {
      // The whole paragraph is emphasis: `**Follow-up: "…"**`, or starts with the bold label.
      const first = node.children[0];
      if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return null;
    }
    const question = followUpQuestion(plain(node));
    if (!question) return null;
    const { line, column } = node.position.start;
    const depth = node.type === 'heading' ? node.depth : undefined;
    return [{ kind: 'follow-up', question, style: this.name, line, column, depth }];
  },
};
