// A table of questions: `| Question | Answer |` rows whose first cell is a question. A table
// whose first column holds no questions is a table of facts, not this.
import { cleanQuestion, marksQuestion, plain } from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

export const tableQuestions: Recognizer = {
  name: 'table-questions',
  claim(node, ctx) {
    if (node.type !== 'table' || ctx.open !== null) return null;
    const [, ...rows] = node.children;
    const claims: Claim[] = [];
    for (const row of rows) {
      const [first, ...rest] = row.children;
      if (!first || !row.position) continue;
      const text = plain(first);
      if (!marksQuestion(text)) continue;
      // A cell's own position includes its pipes; its content runs from first to last child.
      const answer = rest
        .map((cell) => {
          const a = cell.children[0]?.position?.start.offset;
          const b = cell.children[cell.children.length - 1]?.position?.end.offset;
          return a === undefined || b === undefined ? '' : ctx.text.slice(a, b).trim();
        })
        .filter(Boolean)
        .join('\n\n');
      claims.push(closedQuestion(this.name, cleanQuestion(text), row.position.start, answer));
    }
    // Most rows must be questions: a facts table with one "?" in it stays a facts table.
    return claims.length > 0 && claims.length * 2 > rows.length ? claims : null;
  },
};
