// Turns the nodes after a question into its answer's Markdown: labels such as "**Answer:**" and
// "How to Answer:" dropped, a blockquoted answer unwrapped, an explicit key-terms line taken out.
import type { RootContent } from 'mdast';
import { plain } from './text.js';

const KEY_TERMS =
  /^(?:key terms|keywords|key words|key concepts|terms to know|key vocabulary|glossary)\s*[:：]\s*/i;
/** A leading label that only announces the answer: `**Answer:**`, `**How to Answer**:`, `A:`. */
const ANSWER_LABEL =
  /^(?:(?:\*\*|__)[^*\n]{0,40}\banswer\b[^*\n]{0,60}?[:：](?:\*\*|__)|(?:\*\*|__)[^*\n]{0,40}\banswer\b[^*\n]{0,60}?(?:\*\*|__)\s*[:：]|(?:\*\*|__)?(?:a|answer)(?:\*\*|__)?\s*[:：](?:\*\*|__)?)[ \t]*\n?/i;

/** The candidate's own speaker label in a transcript-style answer: `**You**:`, `Me:`, `Candidate:`. */
const SPEAKER_LABEL = /^(?:\*\*|__|\*|_)?(?:you|me|candidate|i)(?:\*\*|__|\*|_)?\s*[:：](?:\*\*|__)?[ \t]*/i;

export interface AnswerParts {
  markdown: string;
  keyTerms: string[] | null;
  /**
   * The answer's blocks from the guide's own tree, when `markdown` is exactly their text: later
   * stages read them instead of parsing the answer again. Absent when text was cut or added.
   */
  nodes?: RootContent[];
}

function sliceOf(node: RootContent, text: string): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}

/** Removes one level of `>` from every line of a blockquote's source. */
function unquote(source: string): string {
  return source
    .split('\n')
    .map((l) => l.replace(/^[ \t]{0,3}>[ \t]?/, ''))
    .join('\n');
}

/** Splits a key-terms line into terms: commas or semicolons, final period dropped. */
export function splitTerms(list: string): string[] {
  return list
    .replace(/[.。]\s*$/, '')
    .split(/[,;，；]/)
    .map((t) => t.trim().replace(/^`|`$/g, ''))
    .filter((t) => t.length > 0);
}

function isLabelOnly(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const t = plain(node);
  return t.length < 80 && /\banswer\b.*[:：]$/i.test(t);
}

/** The answer's Markdown and its explicit key terms, if the guide lists them. */
export function buildAnswer(nodes: RootContent[], text: string, lead = ''): AnswerParts {
  let keyTerms: string[] | null = null;
  const kept: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'paragraph' && KEY_TERMS.test(plain(node))) {
      keyTerms = splitTerms(plain(node).replace(KEY_TERMS, ''));
      continue;
    }
    if (node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim())) continue;
    kept.push(node);
  }
  while (kept[0] && isLabelOnly(kept[0])) kept.shift();
  // Guides quote the words to say; the answer is those words, so one level of quoting goes.
  const parts = kept.map((n) => (n.type === 'blockquote' ? unquote(sliceOf(n, text)) : sliceOf(n, text)));
  if (lead.trim()) parts.unshift(lead.trim());
  const joined = parts.join('\n\n').trim();
  const markdown = joined.replace(ANSWER_LABEL, '').replace(SPEAKER_LABEL, '').trim();
  if (lead.trim() || markdown !== joined) return { markdown, keyTerms };
  // Unquoted, a list can read as loose where inside its blockquote it was tight: the guide's
  // nodes then no longer say what the answer's text says, and the Anki back must follow the text.
  if (kept.some((n) => n.type === 'blockquote')) return { markdown, keyTerms };
  return {
    markdown,
    keyTerms,
    nodes: kept,
  };
}
