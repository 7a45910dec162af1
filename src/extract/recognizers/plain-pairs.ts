// Questions and answers as plain paragraphs, one after the other, with no mark at all: a line that
// asks, the paragraph that answers, the next line that asks. One paragraph ending in "?" could be
// prose; a run of them in turn with their answers is a list of cards. The first one needs two
// more pairs after it, read ahead in the source; those after it need their own answer.
import { cleanQuestion, endsWithQuestionMark, plain } from '../text.js';
import type { Recognizer } from '../types.js';

/** Pairs needed after the first question of a run. */
const RUN = 2;

/** The source's paragraphs after `from`, at most `count`, as text (blank lines between). */
function nextParagraphs(text: string, from: number, count: number): string[] {
  // Searched from an index, never on a copy of the rest: a guide of many such lines stays linear.
  const word = /\S/g;
  const gap = /\n[ \t]*\n/g;
  const out: string[] = [];
  let at = from;
  while (out.length < count) {
    word.lastIndex = at;
    const first = word.exec(text);
    if (!first) break;
    gap.lastIndex = first.index;
    const end = gap.exec(text)?.index ?? text.length;
    out.push(text.slice(first.index, end).trim());
    at = end;
  }
  return out;
}

/** A line that asks and nothing else: no mark of a heading, a list, a quote, code or a table. */
function asksAlone(source: string): boolean {
  return (
    !source.includes('\n') &&
    source.length <= 250 &&
    !/^(?:[#>|`~]|[-*+]\s|\d+[.)]\s)/.test(source) &&
    endsWithQuestionMark(source)
  );
}

/** An answer's paragraph: any text that is neither a line that asks nor a heading. */
function answers(source: string | undefined): boolean {
  return source !== undefined && source !== '' && !asksAlone(source) && !source.startsWith('#');
}

export const plainPairs: Recognizer = {
  name: 'plain-pairs',
  claim(node, ctx) {
    if (node.type !== 'paragraph' || !node.position) return null;
    if (ctx.open !== null && ctx.openStyle !== this.name) return null;
    // Only words: emphasis, links or code make it another style's.
    if (!node.children.every((c) => c.type === 'text')) return null;
    const start = node.position.start.offset ?? 0;
    const end = node.position.end.offset ?? start;
    const source = ctx.text.slice(start, end).trim();
    if (!asksAlone(source)) return null;
    const ahead = nextParagraphs(ctx.text, end, ctx.openStyle === this.name ? 1 : RUN * 2 + 1);
    const pairs = ctx.openStyle === this.name ? 0 : RUN;
    if (!answers(ahead[0])) return null;
    for (let k = 0; k < pairs; k++)
      if (!asksAlone(ahead[1 + 2 * k] ?? '') || !answers(ahead[2 + 2 * k])) return null;
    const question = cleanQuestion(plain(node));
    if (question.length < 4) return null;
    const { line, column } = node.position.start;
    return [{ kind: 'question', question, style: this.name, line, column }];
  },
};
