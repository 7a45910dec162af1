// A paragraph that is a number and a question, the number set off by emphasis (`**3)** Why X?`,
// `<b>3)</b> Why X?`) or after a decoration (`:books: 3) Why X?`, `📘 3. Why X?`), with the answer
// in the blocks after it, or after its question mark on the same line. Written so, the number
// cannot start a list. Inside an answer, only the next question of the same kind is one.
import type { Paragraph, PhrasingContent } from 'mdast';
import { isRequest } from '../lexicon.js';
import { cleanQuestion, endsWithQuestionMark, isPrompt, plain, stripEmoji } from '../text.js';
import type { Recognizer } from '../types.js';

/** An inline tag that only styles its text: `<b>`, `</strong>`, `<span class="n">`. */
const STYLE_TAG = /^<\/?(?:b|strong|em|i|u|mark|span|font|big)\b[^>]*>$/i;

/** A GitHub emoji shortcode (`:blue_book:`), with the space after it. */
const SHORTCODE = /^(?::[a-z0-9_+-]+:\s*)+/i;

/** The number and what follows it: `3)`, `3.`, `#3`, `No. 3:`. */
const NUMBER = /^(?:#\s*|no\.\s*)?\d{1,3}\s*[.):]\s+(?=\S)/i;

/** The paragraph's words without its styling tags, and whether its number was set off. */
function words(node: Paragraph): { text: string; setOff: boolean } | null {
  let text = '';
  let setOff = false;
  let tagged = false;
  for (const child of node.children as PhrasingContent[]) {
    if (child.type === 'html') {
      if (!STYLE_TAG.test(child.value.trim())) return null;
      tagged = true;
      continue;
    }
    if (child.type === 'break') return null;
    const own = plain(child);
    // The number inside emphasis or styling tags, before any word but decoration.
    const first = stripEmoji(text.trim().replace(SHORTCODE, '')) === '';
    if (first && (child.type === 'strong' || child.type === 'emphasis' || tagged) && /^\S*\d/.test(own))
      setOff = true;
    text += child.type === 'text' ? child.value : own;
  }
  return { text, setOff };
}

export const numberedParagraph: Recognizer = {
  name: 'numbered-paragraph',
  claim(node, ctx) {
    if (node.type !== 'paragraph' || !node.position) return null;
    if (ctx.open !== null && ctx.openStyle !== this.name) return null;
    const found = words(node);
    if (!found || found.text.includes('\n')) return null;
    const raw = found.text.trim();
    const undecorated = stripEmoji(raw.replace(SHORTCODE, ''));
    const decorated = undecorated.length < raw.replace(/\s+/g, ' ').length;
    const number = NUMBER.exec(undecorated);
    if (!number || !(found.setOff || decorated)) return null;
    const asked = undecorated.slice(number[0].length).trim();
    const { line, column } = node.position.start;
    if (endsWithQuestionMark(asked) || isRequest(asked) || isPrompt(asked))
      return [{ kind: 'question', question: cleanQuestion(asked), style: this.name, line, column }];
    // The answer on the question's line: `**4.** Why X? Because …`.
    const start = node.position.start.offset ?? 0;
    const source = ctx.text.slice(start, node.position.end.offset);
    const mark = /[?？][*_"”’]*[ \t]+(?=\S)/.exec(source);
    const question = /^.*?[?？]/.exec(asked)?.[0];
    if (!mark || !question) return null;
    return [
      {
        kind: 'question',
        question: cleanQuestion(question),
        style: this.name,
        line,
        column,
        answerFrom: start + mark.index + mark[0].length,
      },
    ];
  },
};
