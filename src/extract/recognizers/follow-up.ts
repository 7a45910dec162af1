// `**Follow-up: "…"**`, `**If they ask: "…"**`, `#### Follow-up: …?`, `Follow-up: …?` on a line of its
// own, and lists of `- **Follow-up:** …?` items: questions that hang off the question before them.
import type { List } from 'mdast';
import {
  cleanQuestion,
  dedentedLines,
  endsWithQuestionMark,
  hasQPrefix,
  isPrompt,
  looksLikeQuestion,
  plain,
} from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

/** A label announcing a follow-up, then a colon, then the question. */
const FOLLOW_UP =
  /^(?:possible |likely |common |probable )?(?:follow[- ]?ups?(?: question)?|if (?:they|the interviewer|asked|pressed)(?: (?:asks?|presses?|pushes?|follows? up|digs? deeper))?|they (?:might|may) (?:ask|follow up)|then they ask|probe|drill[- ]down)\s*(?:\([^)]*\))?\s*[:：–—-]\s*(.+)$/i;

/** The follow-up question in a text, or null when the text is not a follow-up line. */
export function followUpQuestion(text: string): string | null {
  const m = FOLLOW_UP.exec(text.trim());
  if (!m?.[1]) return null;
  // "If pressed: explain that we benchmarked both" is advice: a follow-up asks.
  return looksLikeQuestion(m[1]) && !isPrompt(m[1]) ? cleanQuestion(m[1]) : null;
}

/** A question after a `Q:` label: `**Q: "Why React over Vue?"**`. */
function labelledQuestion(text: string): string | null {
  if (!hasQPrefix(text)) return null;
  const asked = cleanQuestion(text);
  return endsWithQuestionMark(asked) ? asked : null;
}

/**
 * A list whose every item is a follow-up with its answer nested under it:
 * `- **Follow-up:** What if it expires?` then `  - The price is locked for 15 minutes.`; inside
 * an answer, items labelled `Q:` are follow-ups too (`- **Q: "Why React over Vue?"**` over the
 * answer to give).
 */
function followUpList(node: List, text: string, inAnswer: boolean): Claim[] | null {
  const claims: Claim[] = [];
  for (const item of node.children) {
    const head = item.children[0];
    if (head?.type !== 'paragraph' || !item.position) return null;
    const own = plain(head);
    const question = followUpQuestion(own) ?? (inAnswer ? labelledQuestion(own) : null);
    if (!question) return null;
    const rest = item.children.slice(1);
    const from = rest[0]?.position?.start.offset;
    const to = rest[rest.length - 1]?.position?.end.offset;
    const answer = from !== undefined && to !== undefined ? dedentedLines(text, from, to) : '';
    claims.push({ ...closedQuestion('follow-up', question, item.position.start, answer), kind: 'follow-up' });
  }
  return claims.length > 0 ? claims : null;
}

export const followUp: Recognizer = {
  name: 'follow-up',
  claim(node, ctx) {
    if (!node.position) return null;
    if (node.type === 'list') return followUpList(node, ctx.text, ctx.open !== null);
    if (node.type !== 'paragraph' && node.type !== 'heading') return null;
    if (node.type === 'paragraph') {
      // The whole paragraph is emphasis (`**Follow-up: "…"**`), starts with the bold label, or
      // is the label and the question alone on one line (`Follow-up: What if Redis restarts?`).
      const first = node.children[0];
      const emphasis = first?.type === 'strong' || first?.type === 'emphasis';
      const oneLine = !ctx.text.slice(node.position.start.offset, node.position.end.offset).includes('\n');
      if (!first || (!emphasis && !oneLine)) return null;
    }
    const question = followUpQuestion(plain(node));
    if (!question) return null;
    const { line, column } = node.position.start;
    const depth = node.type === 'heading' ? node.depth : undefined;
    return [{ kind: 'follow-up', question, style: this.name, line, column, depth }];
  },
};
