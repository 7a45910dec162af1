// Category scores: looking a field's words up in the taxonomy gives exactly the scores of
// searching every field for every keyword, whatever the text and the weights.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CategoryInput,
  compileTaxonomy,
  FieldText,
  type Keyword,
  loadTaxonomy,
  matchesKeyword,
  scoreCategories,
  TAXONOMY_PATH,
  type Taxonomy,
} from '../../src/normalize/category.js';
import { runs } from '../fuzz.js';

/** Every keyword searched for in every field, summed in the order of the rules. */
function searchedScores(
  input: CategoryInput,
  taxonomy: Taxonomy,
): { id: string; score: number; question: number }[] {
  const fields = (['question', 'section', 'answer', 'guide'] as const).map((f) => ({
    weight: taxonomy.weights[f],
    text: new FieldText(input[f] ?? ''),
  }));
  return taxonomy.categories.map((c) => {
    let question = 0;
    let score = 0;
    for (const k of c.keywords) {
      fields.forEach((f, i) => {
        if (!matchesKeyword(taxonomy.keywords[k] as Keyword, f.text)) return;
        if (i === 0) question += f.weight;
        else score += f.weight;
      });
    }
    for (const p of c.patterns) if (p.test(input.question)) question += taxonomy.weights.pattern;
    return { id: c.id, score: score + question, question };
  });
}

const rules = JSON.parse(readFileSync(TAXONOMY_PATH, 'utf8')) as {
  weights: Record<string, number>;
  categories: Record<string, { keywords: string[] }>;
};
const keywordText = Object.values(rules.categories).flatMap((c) =>
  c.keywords.map((k) => k.replace(/\*$/, '')),
);

/** Text made of the taxonomy's keywords (whole, cut, pluralized, cased) among other words. */
const piece = fc.oneof(
  fc.constantFrom(...keywordText),
  fc.constantFrom(...keywordText).map((k) => `${k}s`),
  fc.constantFrom(...keywordText).map((k) => `${k}es`),
  fc.constantFrom(...keywordText).map((k) => k.toUpperCase()),
  fc.constantFrom(...keywordText).map((k) => k.slice(0, Math.max(1, k.length - 2))),
  fc.constantFrom(...keywordText).map((k) => `${k}ing`),
  fc.constantFrom('the', 'a', 'we', 'because', 'ais', 'AI', 'scaling', 'WebSockets', '缓存', 'データ', 'ü'),
  fc.constantFrom(' ', ', ', '. ', '? ', '/', '-', '`', '(', ')', '\n'),
);
const field = fc.array(piece, { maxLength: 40 }).map((p) => p.join(' '));
const input = fc.record({ question: field, section: field, answer: field });

describe('category scores', () => {
  it('are those of searching every field for every keyword', () => {
    const taxonomy = loadTaxonomy();
    fc.assert(
      fc.property(input, (i) => {
        expect(scoreCategories(i, taxonomy)).toEqual(searchedScores(i, taxonomy));
      }),
      { numRuns: runs(500) },
    );
  });

  it('are summed in the same order whatever the weights', () => {
    const odd = compileTaxonomy({
      ...rules,
      weights: { question: 0.1, section: 0.7, answer: 0.3, pattern: 1.1 },
    });
    fc.assert(
      fc.property(input, (i) => {
        expect(scoreCategories(i, odd)).toEqual(searchedScores(i, odd));
      }),
      { numRuns: runs(300) },
    );
  });
});
