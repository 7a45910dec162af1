// Questions as list items with the answer nested under them:
// `- **How does X work?**` followed by indented paragraphs or a sub-list.
import type { ListItem } from 'mdast';
import { cleanQuestion, marksQuestion, plain } from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

/** The text of an item's nested content, dedented so it reads as Markdown on its own. */
function nestedSource(item: ListItem, text: string): string {
  const second = item.children[1];
  const last = item.children[item.children.length - 1];
  if (!second?.position || !last?.position) return '';
  const from = text.lastIndexOf('\n', (second.position.start.offset ?? 0) - 1) + 1;
  const slice = text.slice(from, last.position.end.offset);
  const lines = slice.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
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
      if (!marksQuestion(text)) continue;
      const answer = item.children.length > 1 ? nestedSource(item, ctx.text) : '';
      if (answer) answered++;
      claims.push(closedQuestion(this.name, cleanQuestion(text), item.position.start, answer));
    }
    // A list of bare questions ("Questions to ask them") is a list, not Q&A: at least one item
    // must carry an answer; then its unanswered siblings count too, as unanswered questions.
    if (answered === 0) return null;
    return claims.length > 0 ? claims : null;
  },
};
