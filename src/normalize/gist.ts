// The gist: what of an answer fits on a cheat sheet. The answer's point in its first sentence(s),
// the heads of its list items, or a quiz's right option with its text; at most 220 characters,
// never cut mid-word, a cut marked "…". Labels ("Answer:", "How to answer:"), intros that only
// announce and link-only lines are skipped. Inline code keeps its backticks so the PDF can set it
// in a monospace font.
import type { Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { parseMarkdown } from '../parse/index.js';

export const GIST_MAX = 220;

/** Inline text with code kept as `code`, emphasis markers dropped, breaks as spaces. */
export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'inlineCode':
      return `\`${node.value}\``;
    case 'inlineMath':
      return `$${node.value}$`;
    case 'text':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
      return '';
    case 'html':
      // Layout tags (<br/>, <b>) go; text written between them stays.
      return node.value.replace(/<[^>]*>/g, ' ');
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Drops the quote marks that wrap spoken answers ("I chose … because …"). */
function unquote(text: string): string {
  return text.replace(/^["“”]\s*/, '').replace(/\s*["“”]$/, '');
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|vs|etc|approx|incl|mr|ms|dr|no|fig|cf)\.$/i;

/** Sentence boundaries of every language, from the runtime's own Unicode rules. */
const SENTENCES = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** Splits prose into sentences, keeping abbreviations and decimals together. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inCode = false;
  for (const { segment } of SENTENCES.segment(text)) {
    current += segment;
    if ((segment.match(/`/g)?.length ?? 0) % 2 === 1) inCode = !inCode;
    // "e.g. Redis" and "v2. Then" are not ends of sentences, nor is a mark inside code
    // (`if err != nil`).
    if (inCode || ABBREVIATIONS.test(current.trimEnd())) continue;
    out.push(current);
    current = '';
  }
  if (current) out.push(current);
  return out.map(squash).filter(Boolean);
}

/** Shortens at a word boundary and marks the cut. */
export function clip(text: string, max = GIST_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const head = space > max * 0.5 ? cut.slice(0, space) : cut;
  // Never leave an inline code span open: cut before it, or, when it is most of the text, close
  // it after the cut.
  if ((head.match(/`/g) ?? []).length % 2 === 0) return `${head.replace(/[\s,;:—–-]+$/, '')}…`;
  const before = head.slice(0, head.lastIndexOf('`')).trimEnd();
  if (before.length >= max * 0.3) return `${before.replace(/[\s,;:—–-]+$/, '')}…`;
  return `${head.slice(0, max - 3).trimEnd()}…\``;
}

/** The head of a list item: its bold lead (`**X**: …`) or its first sentence. */
function itemHead(item: Nodes): string {
  if (!('children' in item)) return '';
  const first = (item.children as Nodes[])[0];
  if (!first) return '';
  if (first.type === 'paragraph') {
    const lead = first.children[0];
    if (lead && lead.type === 'strong' && first.children.length > 1) {
      const head = squash(inlineText(lead)).replace(/[:：]$/, '');
      // "**Big O**: Upper bound - the worst case" reads as "Big O: Upper bound".
      const rest = squash(inlineText({ ...first, children: first.children.slice(1) }));
      const defined = /^(?:[:：]|\s[-–—]\s)/.test(rest) || /[:：]$/.test(squash(inlineText(lead)));
      const clause =
        rest
          .replace(/^[:：\s–—-]+/, '')
          .split(/\s[-–—]\s|[,;.。，；]\s?/)[0]
          ?.trim() ?? '';
      if (head.length > 2 && defined && clause && clause.length <= 40) return `${head}: ${clause}`;
      if (head.length > 2) return head;
    }
    return sentences(squash(inlineText(first)))[0] ?? '';
  }
  return squash(inlineText(first));
}

/** A line that only labels what follows: "Answer:", "How to answer:", "#### Réponse : D". */
const LABEL_LINE =
  /^(?:how to answer(?: it)?|what they(?:'re| are)? (?:want to know|looking for)|your answer|sample answer|model answer|short answer|answer|the answer|correct answer|réponse(?: correcte)?|répondre|respuesta(?: correcta)?|resposta(?: correta)?|antwort|ответ|答案|回答|解答|答え|正解|정답|답변|solution)\s*[:：]?\s*(?:\(?([A-Ea-e])\)?)?\s*[.:：]?$/iu;

/** The same labels at the start of a paragraph that goes on with the answer. */
const LEADING_LABEL =
  /^(?:answer|the answer|short answer|your answer|sample answer|réponse|respuesta|resposta|antwort|ответ|答案|回答|答え|정답|답변)\s*[:：]\s+(?=\S)/iu;

/** Intro sentences that only announce what comes next. */
const ANNOUNCE =
  /^(?:(?:great|good|excellent|interesting) question\b.*|this is (?:a|an) (?:common|classic|great|good|popular|tricky|frequent)(?: [\w-]+)? (?:question|one)\b.*|(?:there are )?(?:two|three|four|five|a few|several) (?:main )?(?:reasons|things|points|ways|parts|steps|options)[.:]?)$/i;

/** A bold line that opens a note on the answer, for the one who gives it. */
const COMMENTARY =
  /^(?:why (?:this|it|that) (?:works|is (?:good|strong|effective)|answer works)|why it'?s (?:good|strong|effective)|why this answer|what (?:this|it) shows|coach(?:ing|'s)? notes?)\b/i;

/** True when a paragraph is links and nothing else: a reference, not an answer. */
function linksOnly(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const rest = node.children.filter((c) => !(c.type === 'text' && /^[\s,.;:·|()-]*$/.test(c.value)));
  return rest.length > 0 && rest.every((c) => c.type === 'link');
}

/**
 * A paragraph without its last line when that line is links and nothing else ("[Read more](x.md)"
 * under the answer's sentence): a pointer to more, not the answer.
 */
function withoutLinkLine(node: Paragraph): Paragraph {
  const kids = node.children;
  for (let i = kids.length - 1; i >= 0; i--) {
    const kid = kids[i] as PhrasingContent;
    if (kid.type === 'link' || (kid.type === 'text' && /^[\s,.;:·|()-]*$/.test(kid.value))) continue;
    const at = kid.type === 'text' ? kid.value.search(/\n[\s,.;:·|()-]*$/) : -1;
    if (kid.type === 'break' || at !== -1) {
      const last = kid.type === 'text' ? [{ ...kid, value: kid.value.slice(0, at) }] : [];
      return kids.slice(i + 1).some((c) => c.type === 'link')
        ? { ...node, children: [...kids.slice(0, i), ...last] }
        : node;
    }
    return node;
  }
  return node;
}

function blockPieces(node: RootContent): { text: string; kind: 'prose' | 'list' | 'label' } | null {
  switch (node.type) {
    case 'paragraph': {
      if (linksOnly(node)) return null;
      // "Respuesta: JavaScript es …": the label goes, the answer stays.
      const text = unquote(squash(inlineText(withoutLinkLine(node))).replace(LEADING_LABEL, ''));
      if (!text || LABEL_LINE.test(text)) return null;
      // "(Adjust to your actual story.)" is a note to the reader, not the answer.
      if (/^\(.*\)$/.test(text)) return null;
      return { text, kind: /[:：]$/.test(text) ? 'label' : 'prose' };
    }
    case 'html': {
      const text = squash(node.value.replace(/<[^>]*>/g, ' '));
      return text && /[\p{L}\p{N}]/u.test(text) ? { text, kind: 'prose' } : null;
    }
    case 'heading': {
      const text = squash(inlineText(node)).replace(/[:：]$/, '');
      return LABEL_LINE.test(text) ? null : { text, kind: 'list' };
    }
    case 'list': {
      // Items that open with a link are references ("[Spec](…), relevant excerpt:"), not points.
      const heads = node.children
        .filter((item) => {
          const p = item.children[0];
          return !(p?.type === 'paragraph' && p.children[0]?.type === 'link');
        })
        .map(itemHead)
        .filter(Boolean)
        .map((h) => h.replace(/[.;:：]$/, ''));
      return heads.length ? { text: heads.join('; '), kind: 'list' } : null;
    }
    case 'blockquote':
      return node.children.length ? blockPieces(node.children[0] as RootContent) : null;
    case 'code': {
      // Words to say, fenced to set them apart (no language, opening with a quote mark), are prose.
      const said = node.lang ? '' : node.value.trim();
      // A sentence, not a value: `""  ← empty string` is code.
      const prose = /^["“]\p{L}/u.test(said) && said.split(/\s+/).length >= 4;
      return prose ? { text: unquote(squash(said.replace(/\*\*|__/g, ''))), kind: 'prose' } : null;
    }
    default:
      return null;
  }
}

/** A line that labels an example of what not to say: "**❌ Bad:**", "Weak answer:", "Avoid:". */
const BAD_EXAMPLE = /^(?:(?:❌|✗|✘|🚫)\s*|(?:bad|weak|poor|wrong|avoid|don'?t say)\b).{0,40}[:：]$/iu;

/** A paragraph that is only bold text: a sub-heading in the author's own style. */
function boldHead(node: RootContent): string | null {
  if (node.type !== 'paragraph' || node.children.length !== 1) return null;
  const only = node.children[0];
  if (only?.type !== 'strong') return null;
  return squash(inlineText(only));
}

function headText(text: string): string {
  return text
    .replace(/^\d+[.)]\s*/, '')
    .replace(/[:：]$/, '')
    .trim();
}

/** The answer's own sub-heads (headings or bold-only lines), when it is organised by them. */
function subHeads(blocks: RootContent[]): string[] {
  const heads: string[] = [];
  for (const node of blocks) {
    const text = node.type === 'heading' ? squash(inlineText(node)) : boldHead(node);
    if (text && !LABEL_LINE.test(text)) heads.push(headText(text));
  }
  return heads.filter(Boolean);
}

/** An option of a quiz in the prompt: `- A: text`, `- [ ] B) text`, `a. text`, `**C)** text`. */
const OPTION_LINE = /^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?(?:\*\*|__)?\(?([A-Ea-e])[:.)](?:\*\*|__)?\s+(.+)$/;

/** The right option of a quiz whose answer opens with its letter ("Réponse : D", "**Answer: B**"). */
function quizHead(blocks: RootContent[], prompt: string): { head: string; rest: RootContent[] } | null {
  let first = blocks[0];
  let after = blocks.slice(1);
  // "> **Answer: B**" quotes the answer: read inside the quote.
  if (first?.type === 'blockquote') {
    after = [...first.children.slice(1), ...after];
    first = first.children[0];
  }
  if (!first || (first.type !== 'heading' && first.type !== 'paragraph')) return null;
  let letter = LABEL_LINE.exec(squash(inlineText(first)))?.[1]?.toUpperCase();
  const lead = first.children[0];
  if (!letter && first.type === 'paragraph' && lead?.type === 'strong') {
    // "**Answer: B** Comparisons with NULL …": the label in bold, the explanation after it.
    letter = LABEL_LINE.exec(squash(inlineText(lead)))?.[1]?.toUpperCase();
    if (letter) after = [{ ...first, children: first.children.slice(1) }, ...after];
  }
  if (!letter) return null;
  for (const line of prompt.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (m && m[1]?.toUpperCase() === letter) return { head: `${letter}: ${squash(m[2] ?? '')}`, rest: after };
  }
  return { head: letter, rest: after };
}

/** The gist of an answer's Markdown; `prompt` holds a quiz's options. */
export function makeGist(
  answer: string,
  max = GIST_MAX,
  tree: Root = parseMarkdown(answer),
  prompt = '',
): string {
  if (!answer.trim()) return '';
  const quiz = quizHead(tree.children, prompt);
  if (quiz) {
    // The option, then what explains it when that fits.
    const why = quiz.rest.length ? makeGist(answer, max, { type: 'root', children: quiz.rest }) : '';
    const first = sentences(why.replace(/…$/, ''))[0] ?? '';
    const both = first ? `${quiz.head} — ${first}` : quiz.head;
    return clip(both.length <= max ? both : quiz.head, max);
  }
  // What comes after a note on the answer ("**Why this works:**", "**Why it's good:**") is about
  // the answer, not the answer.
  const noteAt = tree.children.findIndex((b, i) => i > 0 && COMMENTARY.test(boldHead(b) ?? ''));
  const blocks = noteAt > 0 ? tree.children.slice(0, noteAt) : tree.children;
  // A table first says most as its columns and size.
  if (blocks[0]?.type === 'table') return clip(codeOrTable(blocks[0]), max);
  const heads = subHeads(blocks);
  const first = blocks[0];
  const lead =
    first && first.type === 'paragraph' && !boldHead(first) ? unquote(squash(inlineText(first))) : '';
  // An answer in parts after a lead-in: the lead-in, then the names of the parts. Without one,
  // the names alone ("Current state; What you'd add") are labels, and the parts' text says more.
  // A lead-in that ends in a colon over a list introduces that list, not the parts after it.
  const introducesList = /[:：]$/.test(lead) && blocks[1]?.type === 'list';
  // After a lead-in that answers, bold labels ending in a colon over lists ("**Why this
  // choice:**", "**Tradeoff:**") name no parts: the points listed under them say more than their
  // names. Labels over code or tables ("**1. Check the logs:**" then a command) are the parts.
  // A lead-in that only announces ("This is a common growth question.") says less than the names.
  const labelsOverLists = blocks.every((b, i) => {
    const bold = boldHead(b);
    return bold === null || (/[:：]$/.test(bold) && blocks[i + 1]?.type === 'list');
  });
  const labelsOnly =
    !/[:：]$/.test(lead) &&
    !ANNOUNCE.test(sentences(lead)[0] ?? '') &&
    !blocks.some((b) => b.type === 'heading') &&
    labelsOverLists;
  if (heads.length >= 2 && lead && !introducesList && !labelsOnly) {
    // A lead-in ending in a colon introduces the parts; otherwise its first sentence says most.
    const leadSentence = lead
      ? ((/[:：]$/.test(lead) ? sentences(lead).slice(-1)[0] : sentences(lead)[0]) ?? lead)
      : '';
    const joined = heads.join('; ');
    const text = leadSentence
      ? `${/[:：]$/.test(leadSentence) ? leadSentence : `${leadSentence.replace(/[.。]$/, '')}:`} ${joined}`
      : joined;
    return clip(squash(text), max);
  }
  let gist = '';
  let pendingLabel = '';
  const append = (piece: string): string => {
    if (!gist) return piece;
    // A title line without punctuation reads as a title: set it off from what follows.
    return /[.!?。！？:;…]$/.test(gist) ? `${gist} ${piece}` : `${gist} — ${piece}`;
  };
  let bad = false;
  for (const node of blocks) {
    // The block after "❌ Bad:" shows what not to say.
    const after = bad;
    bad = node.type === 'paragraph' && BAD_EXAMPLE.test(squash(inlineText(node)));
    if (after || bad) continue;
    const piece = blockPieces(node);
    if (!piece) continue;
    if (piece.kind === 'label' && sentences(piece.text).length > 1) {
      // "… a second mode, strict mode. What it does:" says something before its label.
      const parts = sentences(piece.text);
      piece.text = parts.slice(0, -1).join(' ');
      piece.kind = 'prose';
    }
    if (piece.kind === 'label') {
      // "Three things, in priority order:" reads well only with what follows it; a short label
      // ("Key points:", "Pros:") says nothing.
      const label = piece.text.replace(/[:：]$/, '');
      if (!gist && !pendingLabel && label.split(/\s+/).length > 3 && !ANNOUNCE.test(piece.text))
        pendingLabel = label;
      continue;
    }
    let text = piece.text;
    if (pendingLabel) {
      text = `${pendingLabel}: ${text}`;
      pendingLabel = '';
    }
    if (piece.kind === 'prose') {
      for (const s of sentences(text)) {
        if (!gist && ANNOUNCE.test(s)) continue;
        const next = append(s);
        if (gist.length >= 60 && next.length > max) return clip(unquote(gist), max);
        gist = next;
        if (gist.length >= 90) break;
      }
    } else {
      const next = append(text);
      if (gist.length >= 60 && next.length > max) return clip(unquote(gist), max);
      gist = next;
    }
    if (gist.length >= 90) break;
  }
  if (!gist && pendingLabel) gist = pendingLabel;
  if (!gist) gist = blocks.map(codeOrTable).find(Boolean) ?? '';
  return clip(unquote(squash(gist)), max);
}

/**
 * What a code block or table says, for an answer that is nothing else: its first line of code, or
 * its column names, and its size.
 */
function codeOrTable(node: RootContent): string {
  if (node.type === 'code') {
    const lines = node.value.split('\n').filter((l) => l.trim() !== '');
    const first = lines.find((l) => !/^\s*(?:#|\/\/|--|\/\*|\*)/.test(l)) ?? lines[0];
    if (!first) return '';
    const lang = node.lang ? `${node.lang.charAt(0).toUpperCase()}${node.lang.slice(1)} code` : 'Code';
    const what = `${lang}, ${lines.length} line${lines.length === 1 ? '' : 's'}`;
    return `${what}: \`${first.trim().replace(/`/g, "'")}\``;
  }
  if (node.type === 'table') {
    const [head, ...rows] = node.children;
    const columns = (head?.children ?? []).map((cell) => squash(inlineText(cell))).filter(Boolean);
    if (columns.length === 0) return '';
    return `Table of ${columns.join(', ')} (${rows.length} row${rows.length === 1 ? '' : 's'})`;
  }
  return '';
}
