// Questions as list items with the answer nested under them: `- **How does X work?**` followed by
// indented paragraphs or a sub-list, or (a bold question) by the answer on the item's next lines.
import type { ListItem, Paragraph } from 'mdast';
import { cleanQuestion, dedent, dedentedLines, endsWithQuestionMark, marksQuestion, plain } from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

/** The text of an item's nested content, dedented so it reads as Markdown on its own. */
function nestedSource(item: ListItem, text: string): string {
  const second = item.children[1];
  const last = item.children[item.children.length - 1];
  if (!second?.position || !last?.position) return '';
  return dedentedLines(text, second.position.start.offset ?? 0, last.position.end.offset ?? 0);
}

/**
 * An item whose first paragraph asks in bold and then answers: `1. **Why X?**` with the answer
 * on the lines after it (or after the bold part). The question and that answer's source.
 */
function askThenAnswer(head: Paragraph, text: string): { question: string; lead: string } | null {
  const start = head.position?.start.offset;
  const end = head.position?.end.offset;
  if (start === undefined || end === undefined) return null;
  const first = head.children[0];
  if ((first?.type === 'strong' || first?.type === 'emphasis') && first.position?.end.offset !== undefined) {
    const question = plain(first);
    if (!endsWithQuestionMark(question)) return null;
    const lead = dedent(text.slice(first.position.end.offset, end).replace(/^[ \t:：.)*_-]*\n?/, ''));
    return lead.trim() ? { question, lead: lead.trim() } : null;
  }
  // A plain first line ending in "?" with a note under it is a list of questions to ask, with
  // notes ("- What does on-call look like?" / "Ask about pager load."): not questions to answer.
  return null;
}

export const listQuestion: Recognizer = {
  name: 'list-question',
  claim(node, ctx) {
    // Inside an answer a list is part of it: only lists outside answers hold questions.
    if (node.type !== 'list' || ctx.open !== null) return null;
    const claims: Claim[] = [];
    let answered = 0;
    for (const item of node.children) {
      const head = item.children[0];
      if (head?.type !== 'paragraph' || !item.position) continue;
      const text = plain(head);
      const nested = item.children.length > 1 ? nestedSource(item, ctx.text) : '';
      const split = marksQuestion(text) ? null : askThenAnswer(head, ctx.text);
      if (!split && !marksQuestion(text)) continue;
      const answer = split ? [split.lead, nested].filter(Boolean).join('\n\n') : nested;
      if (answer) answered++;
      const question = cleanQuestion(split ? split.question : text);
      claims.push(closedQuestion(this.name, question, item.position.start, answer));
    }
    // A list of bare questions ("Questions to ask them") is a list, not Q&A: at least one item
    // must carry an answer; then its unanswered siblings count too, as unanswered questions.
    if (answered === 0) return null;
    return claims.length > 0 ? claims : null;
  },
};
