// Key terms of an entry: the guide's own "Key terms:" list when it has one, else terms derived
// from the answer: bold phrases, inline code, technology names from the guide's facts.
import type { Nodes, Root } from 'mdast';
import type { Fact } from '../model.js';
import { parseMarkdown } from '../parse/index.js';
import { inlineText } from './gist.js';

export const MAX_TERMS = 6;

function collect(node: Nodes, type: 'strong' | 'inlineCode', out: string[]): void {
  if (node.type === type) {
    out.push(node.type === 'inlineCode' ? node.value : inlineText(node).replace(/`/g, ''));
    return;
  }
  if ('children' in node) for (const child of node.children as Nodes[]) collect(child, type, out);
}

/** A bold phrase worth listing: short, not a label, not a sentence, not mere emphasis. */
function isTerm(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 48) return false;
  if (/[:：]/.test(t) || /^\d+[.)]?$/.test(t) || /[.!?]\s/.test(t)) return false;
  if (/^(note|tip|answer|result|problem|solution|why|example|current|future|step \d+)\b/i.test(t))
    return false;
  // A single plain lowercase word is emphasis ("**once**"), not a term.
  if (!/\s/.test(t) && /^[a-z]+$/.test(t) && t.length < 7) return false;
  return t.split(/\s+/).length <= 5;
}

/** A code span that names something: an identifier, a path, a flag, a call. */
function isCodeTerm(text: string): boolean {
  return (
    text.length >= 2 && text.length <= 30 && /^[\w.@/$#:~-]+(?:\(\))?$/.test(text) && /[A-Za-z]/.test(text)
  );
}

function clean(term: string): string {
  let t = term.trim().replace(/\s+/g, ' ');
  // A parenthesis that explains ("Distributed Lock (or Request Coalescing)") is not the term.
  const bare = t.replace(/\s*\([^)]*\)?\s*$/, '').trim();
  if (bare.length >= 2) t = bare;
  return t
    .replace(/(^|\s)['"‘“]|['"’”](?=\s|$)/g, '$1')
    .replace(/^[("'“]+|["'”.,;:!?]+$/g, '')
    .trim();
}

/** Technology names: the values of the guide's facts, split at separators ("Supabase + Deno"). */
export function factTerms(facts: Fact[]): string[] {
  const out = new Set<string>();
  for (const f of facts) {
    for (const part of f.value.split(/\s*(?:[/+,·]|\band\b)\s*/)) {
      const t = part.replace(/\([^)]*\)/g, '').trim();
      if (/^[A-Z][\w.-]*(?:\s[A-Z0-9][\w.-]*){0,2}$/.test(t) && t.length >= 3) out.add(t);
    }
  }
  return [...out];
}

/** Words shaped like product names: WebSocket, PM2, BullMQ, FFmpeg; plain capitalized words
 * only when the answer repeats them. Code blocks are left out: their keywords are not terms. */
function nameLike(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`]*`/g, ' ');
  const counts = new Map<string, number>();
  for (const m of prose.matchAll(
    /(?<=[\s(,/])([A-Z][a-z]+[A-Z]\w*|[A-Z]{3,}\w*|[A-Za-z]+\d\w*|[A-Z][a-z]{2,})\b/g,
  )) {
    const w = m[1] ?? '';
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const shaped = (w: string): boolean => /[a-z][A-Z]|[A-Z]{3}|\d/.test(w);
  return [...counts.entries()]
    .filter(
      ([w, n]) =>
        (shaped(w) ? true : n >= 3) &&
        !/^(The|This|That|When|What|Why|How|Then|There|They|First|Second|Third|Next|Here|Now|Because|Since|Also|With|Without|For|And|But|Each|Every|Our|Your|Some|Most|Any|All|Instead|However|Step|Stage|Week|Key|Total|Result|Problem|Solution|Current|Future)$/.test(
          w,
        ),
    )
    .sort((a, b) => Number(shaped(b[0])) - Number(shaped(a[0])) || b[1] - a[1])
    .map(([w]) => w);
}

/** 1 to 6 terms for an entry; `explicit` is the guide's own list and is kept verbatim. */
export function keyTermsFor(
  question: string,
  answer: string,
  explicit: string[] | null,
  facts: Fact[],
  tree: Root = parseMarkdown(answer),
): string[] {
  if (explicit && explicit.length > 0) return explicit;
  const bold: string[] = [];
  const code: string[] = [];
  collect(tree, 'strong', bold);
  collect(tree, 'inlineCode', code);
  const haystack = `${question}\n${answer}`;
  const techs = factTerms(facts).filter((t) =>
    new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(haystack),
  );
  const candidates = [...bold.filter(isTerm), ...code.filter(isCodeTerm), ...techs];
  const seen = new Set<string>();
  const terms: string[] = [];
  const add = (t: string): void => {
    const c = clean(t);
    const key = c.toLowerCase();
    if (c.length < 2 || seen.has(key)) return;
    seen.add(key);
    terms.push(c);
  };
  for (const c of candidates) {
    if (terms.length >= MAX_TERMS) break;
    add(c);
  }
  if (terms.length < 2) for (const n of nameLike(` ${haystack}`)) if (terms.length < 3) add(n);
  if (terms.length === 0) {
    // Any capitalized word inside a sentence names something ("Kite", "Node.js").
    const inner = answer.replace(/```[\s\S]*?(```|$)/g, ' ').matchAll(/(?<=[a-z,;]\s)([A-Z][\w.+-]*[\w+])/g);
    for (const m of inner) if (terms.length < 2 && m[1]) add(m[1]);
  }
  if (terms.length === 0) {
    // Last resort: the longest content word of the question, then of the answer.
    for (const text of [question, answer]) {
      const word = text
        .split(/[^\p{L}\p{N}-]+/u)
        .filter(
          (w) =>
            w.length >= 4 &&
            !/^(what|which|when|where|does|would|should|could|there|their|about|with|your|this|that|have)$/i.test(
              w,
            ),
        )
        .sort((a, b) => b.length - a.length)[0];
      if (word) {
        add(word);
        break;
      }
    }
  }
  return terms;
}
