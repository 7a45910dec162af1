// One page of a question bank: its front matter's `title:` is the question (`title: ¿Cómo
// revisarías…?`) and the page's body, which asks nothing itself, is the answer. Sites built with
// Astro, Docusaurus or Hugo keep one question a page this way.

import { isRequest } from '../lexicon.js';
import { cleanQuestion, endsWithQuestionMark, isPrompt } from '../text.js';

export interface TitleQuestion {
  question: string;
  line: number;
  column: number;
}

/** The question the front matter's title asks, with the line of its `title:` key, else null. */
export function titleQuestion(frontMatter: Record<string, unknown>, text: string): TitleQuestion | null {
  const title = frontMatter.title;
  if (typeof title !== 'string') return null;
  const question = cleanQuestion(title);
  if (!(endsWithQuestionMark(question) || isRequest(question) || isPrompt(question))) return null;
  const lines = text.split('\n');
  let line = 1;
  for (let k = 1; k < lines.length && !/^(?:---|\.\.\.)\s*$/.test(lines[k] ?? ''); k++) {
    if (/^title\s*:/.test(lines[k] ?? '')) {
      line = k + 1;
      break;
    }
  }
  return { question, line, column: 1 };
}
