// A table of questions: `| Question | Answer |` rows whose first cell is a question. A table
// whose first column holds no questions is a table of facts, not this.
import { cleanQuestion, marksQuestion, plain } from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

/**
 * Header cells of a table of cards: `| Front | Back |`, `| Question | Answer |`, `| Вопрос | Ответ |`.
 * A glossary (`| Term | Definition |`) stays a table of facts.
 */
const FRONT = /^(?:front|question|questions|q|prompt|pregunta|pergunta|frage|вопрос|问题|問題|質問|질문)$/i;
const BACK =
  /^(?:back|answer|answers|a|response|respuesta|resposta|réponse|antwort|ответ|答案|回答|解答|答え|정답|답변)$/i;

/** Columns that number or rate a card, beside its two sides: `#`, `No.`, `ID`, `Difficulty`, `Topic`. */
const SIDE_COLUMN =
  /^(?:#|№|n[°º]|no\.?|nr\.?|num|number|id|#\s*id|difficulty|level|topic|category|tags?|source|link|dificultad|dificuldade|schwierigkeit|сложность|тема|难度|分类|序号|難易度|번호|난이도)$/i;

/**
 * Where a card's two sides are in a header: the first column unless a numbering column comes
 * first (`| # | Question | Answer |`), the answer in the column right after it. Null when the
 * header is not one of cards.
 */
function cardColumns(header: string[]): { front: number; back: number } | null {
  const front = header.findIndex((cell) => FRONT.test(cell));
  if (front === -1 || !BACK.test(header[front + 1] ?? '')) return null;
  // Only numbering or rating columns may come before the question.
  return header.slice(0, front).every((cell) => SIDE_COLUMN.test(cell)) ? { front, back: front + 1 } : null;
}

export const tableQuestions: Recognizer = {
  name: 'table-questions',
  claim(node, ctx) {
    if (node.type !== 'table' || ctx.open !== null) return null;
    const [header, ...rows] = node.children;
    // A table whose header says its columns are the two sides of a card: every row is a card.
    const names =
      header?.children.map((cell) =>
        plain(cell)
          .replace(/[*_:：]/g, '')
          .trim(),
      ) ?? [];
    const columns = cardColumns(names);
    const cards = columns !== null;
    const first = columns?.front ?? 0;
    const claims: Claim[] = [];
    for (const row of rows) {
      const asked = row.children[first];
      // The cells after the question are its answer, except those that only number or rate it.
      const rest = row.children
        .slice(first + 1)
        .filter((_, k) => !cards || !SIDE_COLUMN.test(names[first + 1 + k] ?? ''));
      if (!asked || !row.position) continue;
      const text = plain(asked);
      if (!cards && !marksQuestion(text)) continue;
      if (text === '') continue;
      // A cell's own position includes its pipes; its content runs from first to last child.
      const answer = rest
        .map((cell) => {
          const a = cell.children[0]?.position?.start.offset;
          const b = cell.children[cell.children.length - 1]?.position?.end.offset;
          return a === undefined || b === undefined ? '' : ctx.text.slice(a, b).trim();
        })
        .filter(Boolean)
        .join('\n\n');
      const question = cleanQuestion(text);
      // A label with nothing after it (`| Q: |`) asks nothing.
      if (question === '') continue;
      claims.push(closedQuestion(this.name, question, row.position.start, answer));
    }
    // Most rows must be questions: a facts table with one "?" in it stays a facts table.
    return claims.length > 0 && (cards || claims.length * 2 > rows.length) ? claims : null;
  },
};
