// Turns the nodes after a question into its answer's Markdown: labels such as "**Answer:**" and
// "How to Answer:" dropped, a blockquoted answer unwrapped, an explicit key-terms line taken out.
import type { List, Nodes, RootContent } from 'mdast';
import { convertible, htmlToMarkdown } from './html-text.js';
import { ANSWER_WORD, SAY_LABEL } from './lexicon.js';
import { foldedTopic, isLayoutHtml, withoutLabelSummary } from './raw-html.js';
import { dedent, dedentedLines, plain, sliceOf } from './text.js';

const KEY_TERMS =
  /^(?:key terms|keywords|key words|key concepts|terms to know|key vocabulary|glossary)\s*[:：]\s*/i;
/**
 * A leading label that only announces the answer: `**Answer:**`, `**How to Answer**:`, `A:`, one
 * in backticks (`` `Answer:` ``), and a bold `**Answer**` alone on its line.
 */
const ANSWER_LABEL = new RegExp(
  String.raw`^(?:(?:\*\*|__)[^*\n]{0,40}\banswer\b[^*\n]{0,60}?[:：](?:\*\*|__)|(?:\*\*|__)[^*\n]{0,40}\banswer\b[^*\n]{0,60}?(?:\*\*|__)\s*[:：]|(?:\*\*|__|\x60)${ANSWER_WORD}(?:\*\*|__|\x60)\s*[:：]|(?:\*\*|__|\x60)${ANSWER_WORD}\s*[:：](?:\*\*|__|\x60)|${ANSWER_WORD}\s*[:：]|(?:\*\*|__)${ANSWER_WORD}(?:\*\*|__)[ \t]*(?=\n|$))[ \t]*\n?`,
  'iu',
);

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

/** Removes one level of `>` from every line of a blockquote's source. */
export function unquote(source: string): string {
  return source
    .split('\n')
    .map((l) => l.replace(/^[ \t]{0,3}>[ \t]?/, ''))
    .join('\n');
}

/** The start offset of every line of the last text asked about (a guide is asked about often). */
let lineStarts: { text: string; starts: number[] } | undefined;

/** True when line `n` (1-based) of `text` is blank once one level of `>` is taken off. */
function blankUnquoted(text: string, n: number): boolean {
  if (lineStarts?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStarts = { text, starts };
  }
  const from = lineStarts.starts[n - 1];
  if (from === undefined) return true;
  const to = lineStarts.starts[n] ?? text.length;
  return /^[ \t]{0,3}>?[ \t]*\r?\n?$/.test(text.slice(from, to));
}

/**
 * True when a blank line separates sibling `b` from the one before it, `a`, in the unquoted text:
 * the line above `b` is blank and not `a`'s first. (Positions cannot say where `a` ends: inside a
 * blockquote the parser ends a list at the next line's `>`.)
 */
function gapBetween(a: Nodes | undefined, b: Nodes | undefined, text: string): boolean {
  const first = a?.position?.start.line;
  const next = b?.position?.start.line;
  if (first === undefined || next === undefined) return false;
  return next - 1 > first && blankUnquoted(text, next - 1);
}

/** False for a fenced code block that runs to the end of its container: its blank lines are code. */
function closedFence(node: Nodes, text: string): boolean {
  const source = sliceOf(node, text);
  const open = /^(`{3,}|~{3,})/.exec(source);
  if (!open?.[1]) return true;
  const lines = source.split('\n');
  const last = (lines[lines.length - 1] ?? '').replace(/^[ \t]*(?:>[ \t]?)*/, '').trim();
  return lines.length > 1 && last.startsWith(open[1]) && /^(`+|~+)$/.test(last);
}

/**
 * Sets `spread` on every list under `node` the way a parse of the unquoted text would: a list is
 * spread when a blank line separates two of its items, an item when one separates two of its
 * children. Inside a blockquote the parser leaves such lists tight, so without this the nodes
 * of an unwrapped answer would say something else than its text. Returns false when a nested
 * blockquote holds a list, or a fence is never closed, whose reading this does not settle.
 */
function respread(node: Nodes, text: string, quoted = false): boolean {
  if (node.type === 'code' && !closedFence(node, text)) return false;
  if (node.type === 'list') {
    if (quoted) return false;
    const list = node as List;
    list.spread = list.children.some((item, i) => gapBetween(list.children[i - 1], item, text));
    for (const item of list.children) {
      item.spread = item.children.some((child, i) => gapBetween(item.children[i - 1], child, text));
    }
  }
  if (!('children' in node)) return true;
  const inner = quoted || node.type === 'blockquote';
  return (node.children as Nodes[]).every((child) => respread(child, text, inner));
}

/** True when every line of a blockquote's source starts with its `>` and none holds a tab. */
function plainQuote(source: string): boolean {
  return !source.includes('\t') && source.split('\n').every((l) => /^ {0,3}>/.test(l));
}

/** Splits a key-terms line into terms: commas or semicolons, final period dropped. */
export function splitTerms(list: string): string[] {
  return list
    .replace(/[.。]\s*$/, '')
    .split(/[,;，；]/)
    .map((t) => t.trim().replace(/^`|`$/g, ''))
    .filter((t) => t.length > 0);
}

/** A short paragraph that ends in a colon: it introduces what comes after it. */
function danglingLabel(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const t = plain(node);
  return t.length < 60 && /[:：]$/.test(t);
}

function isLabelOnly(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const t = plain(node);
  // One colon, the label's: `Answer: It keeps state. It sends:` is an answer leading into a list.
  if (!/^[^:：]*[:：]$/.test(t)) return false;
  return (t.length < 80 && /\banswer\b/i.test(t)) || (t.length < 40 && SAY_LABEL.test(t));
}

const LABELLED_ITEM = new RegExp(
  String.raw`^([*+-]|\d+[.)])([ \t]+)(?=(?:\*\*|__)?${ANSWER_WORD}\s*(?:\*\*|__)?\s*[:：])`,
  'iu',
);

/**
 * `*   **A:** …` or `- Réponse : …`: an answer written as one labelled list item, with its points
 * nested under it, reads as the item's text.
 */
function unwrapLabelledItem(markdown: string): string {
  const marker = LABELLED_ITEM.exec(markdown);
  if (!marker) return markdown;
  const rest = markdown.slice(marker[0].length);
  if (/\n(?:[*+-]|\d+[.)])[ \t]/.test(rest)) return markdown;
  return dedent(' '.repeat(marker[0].length) + rest).trim();
}

/** The answer's Markdown and its explicit key terms, if the guide lists them. */
export function buildAnswer(
  nodes: RootContent[],
  text: string,
  lead = '',
  quoted?: WeakSet<RootContent>,
  listed?: WeakSet<RootContent>,
): AnswerParts {
  let keyTerms: string[] | null = null;
  const kept: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'paragraph' && KEY_TERMS.test(plain(node))) {
      keyTerms = splitTerms(plain(node).replace(KEY_TERMS, ''));
      continue;
    }
    if (node.type === 'html' && (/^<!--[\s\S]*-->$/.test(node.value.trim()) || isLayoutHtml(node.value)))
      continue;
    kept.push(node);
  }
  while (kept[0] && isLabelOnly(kept[0])) kept.shift();
  // A label left with nothing under it ("**Follow-up preparation:**" over follow-ups read as cards
  // of their own) ends no answer.
  while (kept.length > 1 && danglingLabel(kept[kept.length - 1] as RootContent)) kept.pop();
  // A `<details>` folding part of the answer under a topic shows that topic as a bold line; an
  // answer written in plain HTML tags (`<blockquote><p><strong>…`) reads as their Markdown.
  const topics = new Map<RootContent, string>();
  for (const node of kept) {
    // A paragraph of nothing but tags (`<ins class="ad"></ins>` then `</details>`) is HTML too.
    if (
      node.type === 'paragraph' &&
      node.children.every((c) => c.type === 'html' || (c.type === 'text' && !c.value.trim()))
    ) {
      const html = sliceOf(node, text);
      if (isLayoutHtml(html)) topics.set(node, '');
      else if (convertible(html)) topics.set(node, htmlToMarkdown(html));
      continue;
    }
    if (node.type !== 'html') continue;
    const topic = foldedTopic(node.value);
    // A summary that only labels the answer (`<summary><b>Answer:</b></summary>`) says nothing.
    const html = withoutLabelSummary(node.value);
    if (topic) topics.set(node, `**${topic.replace(/([*_\\])/g, '\\$1')}**`);
    else if (convertible(html)) topics.set(node, htmlToMarkdown(html));
  }
  // Guides quote the words to say; the answer is those words, so one level of quoting goes.
  // Blocks of an unwrapped blockquote (`quoted`) lose its `>` too: taken from their first line's
  // start, every line carries the same one.
  const parts = kept.map((n) =>
    topics.has(n)
      ? (topics.get(n) as string)
      : quoted?.has(n)
        ? unquote(
            text.slice(
              text.lastIndexOf('\n', (n.position?.start.offset ?? 0) - 1) + 1,
              n.position?.end.offset ?? 0,
            ),
          )
        : n.type === 'blockquote'
          ? unquote(sliceOf(n, text))
          : // Blocks of a list item read as if not listed lose the item's indentation.
            listed?.has(n)
            ? dedentedLines(text, n.position?.start.offset ?? 0, n.position?.end.offset ?? 0)
            : sliceOf(n, text),
  );
  if (lead.trim()) parts.unshift(lead.trim());
  const joined = unwrapLabelledItem(
    parts
      .filter((p) => p.trim() !== '')
      .join('\n\n')
      .trim(),
  );
  const markdown = joined.replace(ANSWER_LABEL, '').replace(SPEAKER_LABEL, '').trim();
  if (lead.trim() || markdown !== joined || topics.size > 0 || kept.some((n) => listed?.has(n)))
    return { markdown, keyTerms };
  const own = ownNodes(kept, parts, text);
  return own ? { markdown, keyTerms, nodes: own } : { markdown, keyTerms };
}

/**
 * The guide's own nodes of an answer, when they say exactly what the answer's text says (the
 * Anki back is made from them instead of parsing the text again); undefined when they might not.
 * `parts` are the sources of `kept` joined into the text.
 */
function ownNodes(kept: RootContent[], parts: string[], text: string): RootContent[] | undefined {
  // An indented block loses its first line's indentation to the slice or the trim, which can
  // change what the text says (a fence's indentation is taken off its code lines); trailing
  // blank lines, trimmed off too, can belong to a fence that is never closed.
  if (/^\s/.test(parts[0] ?? '') || /\s$/.test(parts[parts.length - 1] ?? '')) return undefined;
  if (kept.some((n) => n.position?.start.column !== 1)) return undefined;
  if (kept.some((n) => n.type === 'blockquote')) {
    // A blockquote answers with its children when it is the whole answer (unquoted, its text
    // could run into a neighbour) and its text is plainly its lines without their `>`.
    const [only] = kept;
    if (kept.length > 1 || !only || !plainQuote(sliceOf(only, text))) return undefined;
    // Right under a paragraph line, the parser reads a quote's first line as that paragraph
    // would ("2. second" stays text), where the text alone starts a list with it.
    const above = (only.position?.start.line ?? 1) - 1;
    if (above >= 1 && !blankUnquoted(text, above) && /^(?:[\d|<]|[-*+][ \t]*(?:\n|$))/.test(parts[0] ?? ''))
      return undefined;
  }
  const own = kept.flatMap((n): RootContent[] => (n.type === 'blockquote' ? n.children : [n]));
  // Their lists spread as the text's would.
  return own.every((n) => respread(n, text)) ? own : undefined;
}
