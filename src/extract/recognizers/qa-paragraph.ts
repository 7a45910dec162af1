// `Q: …` / `A: …` paragraphs (bold or plain labels, `:` or ` - `), the answer on the question's line,
// later in the same paragraph, or after it.
import type { Paragraph } from 'mdast';
import { ANSWER_WORD, isRequest, QUESTION_WORD, TASK_WORD } from '../lexicon.js';
import { cleanQuestion, endsWithQuestionMark, plain, withoutEmphasis } from '../text.js';
import { type Claim, closedQuestion, type Recognizer } from '../types.js';

/** Marks that stand for the labels: `❓ Why X?` then `✅ Because …` (also 💡, 👉, ✔️ for the answer). */
const QUESTION_MARK = /^[❓❔]\uFE0F?\s*(?=\S)/u;
const ANSWER_MARK = String.raw`(?:✅|✔️?|💡|👉)\s*`;
/**
 * One-letter labels of the Spanish and Portuguese pair `P:` / `R:` (Pregunta/Respuesta,
 * Pergunta/Resposta): a question only when it asks (`P: ¿Qué es…?`), its answer after `R:`.
 */
const P_LABEL = /^P\s*\d*\s*[:：]\s*(?=\S)/;
const R_LINE = /\n[ \t]*(?:>[ \t]?)*(?:\*\*|__)?R(?:\*\*|__)?\s*[:：](?:\*\*|__)?[ \t]*/;

function pairClaim(node: Paragraph, source: string): Claim[] | null {
  if (!node.position || !P_LABEL.test(source.replace(/^[*_]+/, ''))) return null;
  const r = R_LINE.exec(source);
  const asked = withoutEmphasis(r ? source.slice(0, r.index) : source).replace(P_LABEL, '');
  const question = cleanQuestion(plain({ type: 'text', value: asked }));
  if (!endsWithQuestionMark(question)) return null;
  const { line, column } = node.position.start;
  return [
    closedQuestion(
      'qa-paragraph',
      question,
      { line, column },
      r ? source.slice(r.index + r[0].length).trim() : '',
    ),
  ];
}

const Q_LABEL = new RegExp(String.raw`^${QUESTION_WORD}\s*\d*\s*(?:[:.)：]|[-–—](?=\s))\s*\S`, 'iu');
/** An `A:` or `A -` label at the start of a line of the paragraph's source (`Ответ:`, `Example Answer:`). */
const A_LINE = new RegExp(
  String.raw`\n[ \t]*(?:>[ \t]?)*(?:(?:\*\*|__)?${ANSWER_WORD}\s*\d*\s*(?:\*\*|__)?\s*(?:[:.)：]|[-–—](?=\s))(?:\*\*|__)?|${ANSWER_MARK})[ \t]*`,
  'iu',
);
/** An `A:` label on the question's own line, right after its question mark: `Q: Why? A: Because.` */
const A_INLINE = new RegExp(
  String.raw`[?？][*_]*[ \t]+(?:\*\*|__)?${ANSWER_WORD}\s*\d*\s*[:：](?:\*\*|__)?[ \t]*`,
  'iu',
);
/** `Task:` and its kin, then the exercise on the same line. */
const TASK_LABEL = new RegExp(String.raw`^${TASK_WORD}\s*\d*\s*[:：]\s*(?=\S)`, 'iu');

/**
 * `**Task:** Write a debounce function.` opening an exercise: the request is the question, the
 * blocks after it its answer. Only a request or a question counts, never a STAR story's task.
 */
function taskClaim(node: Paragraph, source: string): Claim[] | null {
  if (!node.position) return null;
  // The first line: what follows it (details, constraints) belongs to the answer's side.
  const first = withoutEmphasis(source.split('\n')[0] ?? '')
    .replace(/`/g, '')
    .trim();
  const label = TASK_LABEL.exec(first);
  if (!label) return null;
  const asked = cleanQuestion(first.slice(label[0].length));
  if (asked.length < 8 || asked.length > 300 || !(isRequest(asked) || endsWithQuestionMark(asked)))
    return null;
  const { line, column } = node.position.start;
  return [{ kind: 'question', question: asked, style: 'task-label', line, column }];
}

/** Where the answer's label starts and where the answer after it starts, if the paragraph has one. */
function answerLabel(source: string): { at: number; from: number } | null {
  const line = A_LINE.exec(source);
  const inline = A_INLINE.exec(source);
  if (inline && (!line || inline.index < line.index)) {
    // The question keeps its question mark (and the emphasis closing it).
    const mark = /^[?？][*_]*/.exec(inline[0])?.[0].length ?? 1;
    return { at: inline.index + mark, from: inline.index + inline[0].length };
  }
  if (line) return { at: line.index, from: line.index + line[0].length };
  // No label: a first line that ends in a question mark is the question, the lines after it
  // the answer (`**Q: Why Rust?**` then `No garbage collector…`).
  const newline = source.indexOf('\n');
  if (newline !== -1 && endsWithQuestionMark(source.slice(0, newline).trim()))
    return { at: newline, from: newline + 1 };
  return null;
}

/** A line of the paragraph's source that starts another `Q:` (quote marks and bold allowed). */
const Q_LINE = new RegExp(
  String.raw`\n[ \t]*(?:>[ \t]?)*(?:\*\*|__)?${QUESTION_WORD}\s*\d*\s*(?:\*\*|__)?\s*(?:[:.)：]|[-–—](?=\s))`,
  'giu',
);

/** `问题` and `問題` name a problem as often as a question: `**问题**：父元素高度塌陷` then `**解决**：…`. */
const PROBLEM_OR_QUESTION = /^[\s*_]*(?:问题|問題)/u;

/**
 * The question of one `Q:` part: null when it is not one (`Q1 - Split the pricing engine`).
 * `answered`: an answer label follows it.
 */
function questionOf(part: string, labelled: string, answered: boolean): string | null {
  const question = cleanQuestion(plain({ type: 'text', value: withoutEmphasis(part) }));
  if (question.length < 3) return null;
  // With a dash (`Q5 - …`) the label could be a quarter or a list: only a question asks.
  if (/^(?:q|question)\s*\d*\s*[-–—]/i.test(labelled) && !endsWithQuestionMark(question)) return null;
  // A problem stated under its label, no answer label after it, asks nothing.
  if (
    PROBLEM_OR_QUESTION.test(labelled) &&
    !answered &&
    !endsWithQuestionMark(question) &&
    !isRequest(question)
  )
    return null;
  return question;
}

/** Removes the quote marks a paragraph inside a blockquote carries on its later lines. */
function unquoted(source: string): string {
  return source.replace(/\n[ \t]*(?:>[ \t]?)*/g, '\n').trim();
}

export const qaParagraph: Recognizer = {
  name: 'qa-paragraph',
  claim(node, ctx) {
    if (node.type !== 'paragraph' || !node.position) return null;
    const text = plain(node);
    if (!Q_LABEL.test(text) && !QUESTION_MARK.test(text)) {
      const from = node.position.start.offset ?? 0;
      const source = ctx.text.slice(from, node.position.end.offset ?? from);
      return pairClaim(node, source) ?? taskClaim(node, source);
    }
    const start = node.position.start.offset ?? 0;
    const end = node.position.end.offset ?? start;
    const source = ctx.text.slice(start, end);
    const { line, column } = node.position.start;
    // Several `Q: … A: …` lines in one paragraph: one question each, its answer on its lines.
    const cuts = [...source.matchAll(Q_LINE)].map((m) => m.index + 1);
    if (cuts.length > 0) {
      const claims: Claim[] = [];
      for (const [k, from] of [0, ...cuts].entries()) {
        const part = source.slice(from, cuts[k] ?? source.length);
        const a = answerLabel(part);
        const labelled = plain({ type: 'text', value: part });
        const question = questionOf(a ? part.slice(0, a.at) : part, labelled, a !== null);
        if (!question) continue;
        const at = { line: line + (source.slice(0, from).match(/\n/g)?.length ?? 0), column };
        claims.push(closedQuestion(this.name, question, at, a ? unquoted(part.slice(a.from)) : ''));
      }
      return claims.length > 0 ? claims : null;
    }
    const a = answerLabel(source);
    const question = questionOf(a ? source.slice(0, a.at) : source, text, a !== null);
    if (!question) return null;
    const claim = { kind: 'question' as const, question, style: this.name, line, column };
    return [a ? { ...claim, answerFrom: start + a.from } : claim];
  },
};
