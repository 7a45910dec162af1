// Types shared by the recognizers and the walker that runs them.
import type { RootContent } from 'mdast';

/** What a recognizer says about one node: "this node starts a question". */
export interface Claim {
  kind: 'question' | 'follow-up';
  /** The question, cleaned: no quotes, markers, numbering or prefixes. */
  question: string;
  /** The recognizer's name. */
  style: string;
  line: number;
  column: number;
  /** The answer starts inside the claiming node at this source offset (`**Q?** Because…`). */
  answerFrom?: number;
  /** The whole answer is inside the claiming node (list items, one-block `<details>`). */
  answer?: string;
  /** For heading questions: headings this deep or shallower end the answer. */
  depth?: number;
  /** The answer ends at the first sibling this matches (e.g. `</details>`), which is dropped. */
  closer?: (node: RootContent) => boolean;
  /** When true, the answer is only what `answer` holds: later siblings are not part of it. */
  closed?: boolean;
  /** The question's prompt, when the recognizer found it (a problem statement's examples). */
  prompt?: string;
  /** The blocks that follow (code under `* Make this work:`) are the question's prompt, not its answer. */
  promptFollows?: boolean;
}

/** What the walker knows when it asks a recognizer about a node. */
export interface Context {
  text: string;
  /** The kind of question whose answer the node would belong to, if any. */
  open: 'heading' | 'paragraph' | null;
  /** The recognizer of the question whose answer is open, if any. */
  openStyle?: string;
  /**
   * The headings above the node, outermost first, the paragraph right before it, and whether a
   * list of questions came right before it, with nothing but code between.
   */
  around?: { headings: string[]; before: string; inQuestionList?: boolean };
}

export interface Recognizer {
  name: string;
  claim(node: RootContent, ctx: Context): Claim[] | null;
}

/** A question whose whole answer sits inside the claiming node (a list item, a table row). */
export function closedQuestion(
  style: string,
  question: string,
  at: { line: number; column: number },
  answer: string,
): Claim {
  return { kind: 'question', question, style, line: at.line, column: at.column, answer, closed: true };
}
