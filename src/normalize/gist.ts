// The gist: what of an answer fits on a cheat sheet. The first sentence(s) of the answer or the
// heads of its list items, at most about 220 characters, never cut mid-word. Inline code keeps
// its backticks so the PDF can set it in a monospace font.
import type { Nodes, Root, RootContent } from 'mdast';
import { parseMarkdown } from '../parse/index.js';

export const GIST_MAX = 220;

/** Inline text with code kept as `code`, emphasis markers dropped, breaks as spaces. */
export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'inlineCode':
      return `\`${node.value}\``;
    case 'text':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'html':
      return '';
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

/** Splits prose into sentences, keeping abbreviations and decimals together. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let current = '';
  const parts = text.split(/(?<=[.!?。！？])\s+/);
  for (const part of parts) {
    current = current ? `${current} ${part}` : part;
    if (ABBREVIATIONS.test(current)) continue;
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
      if (head.length > 2) return head;
    }
    return sentences(squash(inlineText(first)))[0] ?? '';
  }
  return squash(inlineText(first));
}

function blockPieces(node: RootContent): { text: string; kind: 'prose' | 'list' | 'label' } | null {
  switch (node.type) {
    case 'paragraph': {
      const text = unquote(squash(inlineText(node)));
      if (!text) return null;
      return { text, kind: /[:：]$/.test(text) ? 'label' : 'prose' };
    }
    case 'heading':
      return { text: squash(inlineText(node)).replace(/[:：]$/, ''), kind: 'list' };
    case 'list': {
      const heads = node.children
        .map(itemHead)
        .filter(Boolean)
        .map((h) => h.replace(/[.;]$/, ''));
      return heads.length ? { text: heads.join('; '), kind: 'list' } : null;
    }
    case 'blockquote':
      return node.children.length ? blockPieces(node.children[0] as RootContent) : null;
    default:
      return null;
  }
}

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
    if (text) heads.push(headText(text));
  }
  return heads.filter(Boolean);
}

/** The gist of an answer's Markdown. */
export function makeGist(answer: string, max = GIST_MAX, tree: Root = parseMarkdown(answer)): string {
  if (!answer.trim()) return '';
  const blocks = tree.children;
  const heads = subHeads(blocks);
  if (heads.length >= 2) {
    // An answer in parts: its lead-in sentence, then the names of the parts.
    const first = blocks[0];
    const lead =
      first && first.type === 'paragraph' && !boldHead(first) ? unquote(squash(inlineText(first))) : '';
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
  for (const node of blocks) {
    const piece = blockPieces(node);
    if (!piece) continue;
    if (piece.kind === 'label') {
      // "Three things, in priority order:" reads well only with what follows it.
      if (!gist && !pendingLabel) pendingLabel = piece.text.replace(/[:：]$/, '');
      continue;
    }
    let text = piece.text;
    if (pendingLabel) {
      text = `${pendingLabel}: ${text}`;
      pendingLabel = '';
    }
    if (piece.kind === 'prose') {
      for (const s of sentences(text)) {
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
