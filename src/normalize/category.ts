// One taxonomy category per entry, decided by the editable rules in templates/taxonomy.json:
// weighted keyword hits in the question, the section heading and the answer.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORY_IDS, type Category } from '../model.js';

const rulesSchema = z.object({
  weights: z.object({ question: z.number(), section: z.number(), answer: z.number(), pattern: z.number() }),
  default: z.enum(CATEGORY_IDS),
  categories: z.record(
    z.enum(CATEGORY_IDS),
    z.object({ keywords: z.array(z.string()), patterns: z.array(z.string()).default([]) }),
  ),
});

export type TaxonomyRules = z.infer<typeof rulesSchema>;

interface Keyword {
  /** Lower-case text that must occur for the keyword to match: a cheap test before the RegExp. */
  needle: string;
  re: RegExp;
}

interface Compiled {
  id: Category;
  keywords: Keyword[];
  patterns: RegExp[];
}

export interface Taxonomy {
  weights: TaxonomyRules['weights'];
  fallback: Category;
  categories: Compiled[];
}

function keywordRegExp(keyword: string): RegExp {
  const prefix = keyword.endsWith('*');
  const body = (prefix ? keyword.slice(0, -1) : keyword)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '[\\s-]+');
  // Word boundaries only make sense for scripts that put spaces between words.
  const spaced = /^[\p{Script=Latin}\p{N}\s/&.+'-]+\*?$/u.test(keyword);
  const lead = spaced && /^\w/.test(keyword) ? '(?<![\\p{L}\\p{N}])' : '';
  // A plural ending only for real words: "ai" must not match "AIS".
  const plural = body.length >= 4 ? '(?:s|es)?' : '';
  const tail = prefix || !spaced ? '' : `${plural}(?![\\p{L}\\p{N}])`;
  return new RegExp(`${lead}${body}${tail}`, 'iu');
}

/** Compiles taxonomy rules; throws with the zod issues when the file is malformed. */
export function compileTaxonomy(rules: unknown): Taxonomy {
  const parsed = rulesSchema.parse(rules);
  return {
    weights: parsed.weights,
    fallback: parsed.default,
    categories: CATEGORY_IDS.map((id) => ({
      id,
      keywords: (parsed.categories[id]?.keywords ?? []).map((k) => ({
        needle: k.replace(/\*$/, '').toLowerCase().split(/\s+/)[0] ?? '',
        re: keywordRegExp(k),
      })),
      patterns: (parsed.categories[id]?.patterns ?? []).map((p) => new RegExp(p, 'iu')),
    })),
  };
}

export const TAXONOMY_URL = new URL('../../templates/taxonomy.json', import.meta.url);

let cached: Taxonomy | undefined;

/** The taxonomy of templates/taxonomy.json, read once per process. */
export function loadTaxonomy(): Taxonomy {
  cached ??= compileTaxonomy(JSON.parse(readFileSync(TAXONOMY_URL, 'utf8')));
  return cached;
}

export interface CategoryInput {
  question: string;
  section: string;
  answer: string;
}

/** Scores per category, in taxonomy order. */
export function scoreCategories(
  input: CategoryInput,
  taxonomy: Taxonomy,
): { id: Category; score: number; question: number }[] {
  const { weights } = taxonomy;
  const lower = {
    question: input.question.toLowerCase(),
    section: input.section.toLowerCase(),
    answer: input.answer.toLowerCase(),
  };
  const hit = (k: Keyword, field: keyof typeof lower): boolean =>
    lower[field].includes(k.needle) && k.re.test(input[field]);
  return taxonomy.categories.map((c) => {
    let question = 0;
    let score = 0;
    for (const k of c.keywords) {
      if (hit(k, 'question')) question += weights.question;
      if (input.section && hit(k, 'section')) score += weights.section;
      if (hit(k, 'answer')) score += weights.answer;
    }
    for (const p of c.patterns) if (p.test(input.question)) question += weights.pattern;
    return { id: c.id, score: score + question, question };
  });
}

/** The winning category: highest score, ties to the earlier one; `fallback` when nothing matched. */
export function categorize(input: CategoryInput, taxonomy: Taxonomy, fallback?: Category): Category {
  const scores = scoreCategories(input, taxonomy);
  let best = scores[0];
  for (const s of scores) if (best && s.score > best.score) best = s;
  if (!best || best.score === 0) return fallback ?? taxonomy.fallback;
  return best.id;
}
