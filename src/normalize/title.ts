// The project's name: from front matter, else the H1 without emoji and generic words ("Interview
// Preparation Guide"), else a name in the guide's opening lines, else the file name.
import { stripEmoji } from '../extract/text.js';

const GENERIC = new Set(
  'interview interviews technical tech preparation prep guide guides speaking simulation faq faqs questions question answers answer q&a qa cheat sheet cheatsheet study notes note project projects deep dive dives mock practice the my a an for about and of on to with your general system design review walkthrough handbook playbook script notes prepping readme doc docs document overview'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function isGeneric(word: string): boolean {
  return GENERIC.has(word.toLowerCase().replace(/[^\p{L}\p{N}&]/gu, ''));
}

/** What is left of a title once generic words at both ends of each part are dropped. */
export function nameFromHeading(h1: string): string {
  const parts = stripEmoji(h1)
    .replace(/[*_`#]/g, '')
    .split(/\s+[—–|:-]\s+|:\s+|\s+[—–]\s*|\s*[—–]\s+/);
  for (const part of parts) {
    const w = words(part);
    while (w.length && isGeneric(w[0] ?? '')) w.shift();
    while (w.length && isGeneric(w[w.length - 1] ?? '')) w.pop();
    if (w.length > 0 && !w.every(isGeneric)) return w.join(' ').replace(/^["“']|["”']$/g, '');
  }
  return '';
}

/** A run of capitalized words (acronyms allowed) that names something: "ML Model Serving Platform". */
export function nameFromProse(paragraphs: string[]): string {
  for (const p of paragraphs) {
    const re =
      /\b(?:the|about|discuss|built|building|called|named)\s+((?:[A-Z][\w.+-]*\s+){0,5}[A-Z][\w.+-]*)/g;
    for (const m of p.matchAll(re)) {
      const name = m[1]?.trim() ?? '';
      if (words(name).length >= 1 && !words(name).every(isGeneric)) return name;
    }
  }
  return '';
}

export function titleCaseSlug(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => (w.length <= 2 ? w.toUpperCase() : w[0]?.toUpperCase() + w.slice(1)))
    .join(' ');
}

export interface TitleSource {
  h1: string;
  frontMatter: Record<string, unknown>;
  intro: string[];
  slug: string;
}

/** The project's title and whether it had to be guessed from prose or the file name. */
export function projectTitle(src: TitleSource): { title: string; generic: boolean } {
  const fm = src.frontMatter.title ?? src.frontMatter.project ?? src.frontMatter.name;
  if (typeof fm === 'string' && fm.trim()) return { title: fm.trim(), generic: false };
  const fromH1 = nameFromHeading(src.h1);
  if (fromH1) return { title: fromH1, generic: false };
  const fromProse = nameFromProse(src.intro);
  if (fromProse) return { title: fromProse, generic: true };
  return { title: titleCaseSlug(src.slug) || 'Untitled', generic: true };
}
