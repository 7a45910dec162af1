// One taxonomy category per entry, decided by the editable rules in templates/taxonomy.json:
// weighted keyword hits in the entry's section heading, its question, its answer and the guide's
// title (a guide of Java questions files a question that names nothing under fundamentals).
import { readFileSync } from 'node:fs';
import { CATEGORY_IDS, type Category } from '../model.js';
import { templatePath } from '../paths.js';
import * as z from '../zod.js';

const rulesSchema = z.object({
  weights: z.object({
    question: z.number(),
    section: z.number(),
    answer: z.number(),
    pattern: z.number(),
    guide: z._default(z.number(), 1),
  }),
  default: z.enum(CATEGORY_IDS),
  categories: z.record(
    z.enum(CATEGORY_IDS),
    z.object({ keywords: z.array(z.string()), patterns: z._default(z.array(z.string()), []) }),
  ),
});

export type TaxonomyRules = z.infer<typeof rulesSchema>;

/**
 * A keyword reduced to words: matched by substring search in text reduced the same way, which
 * is what makes scoring every entry against every keyword cheap.
 */
export interface Keyword {
  /** ` word word` (leading space: starts at a word start). */
  words: string;
  /** The keyword's one word, without the leading space; null for phrases and unspaced scripts. */
  word: string | null;
  /** The plurals that count as the word: `-s` and `-es` of words longer than three letters. */
  plurals: string[];
  /** A phrase's first word, which the text must hold for the phrase to be searched for. */
  head: string | null;
  /** `*` keywords match any ending; others only the word itself or its plural. */
  prefix: boolean;
  /** Scripts without spaces between words (CJK) are matched anywhere. */
  spaced: boolean;
}

interface Compiled {
  id: Category;
  /** Its keywords, as indexes into `Taxonomy.keywords`, in the order of the rules. */
  keywords: number[];
  patterns: RegExp[];
}

export interface Taxonomy {
  weights: TaxonomyRules['weights'];
  fallback: Category;
  categories: Compiled[];
  /** Every category's keywords, one after the other. */
  keywords: Keyword[];
  /**
   * Keywords that are one plain word, by that word and by each plural that counts as it: a
   * field's words are looked up here, instead of every such keyword being searched for.
   */
  byWord: Map<string, number[]>;
  /**
   * Phrases, by their first word: a phrase is searched for only in a field that holds that word.
   */
  byHead: Map<string, number[]>;
  /** The other keywords (prefixes, unspaced scripts), searched for in every field… */
  searched: number[];
  /** …except those written in another script than Latin, in a field that has none of its letters. */
  foreign: number[];
}

/** A letter of any script but Latin. */
const FOREIGN_LETTER = /[^\P{L}\p{Script=Latin}]/u;

/** Where a Latin word meets Chinese, Japanese or Korean text written against it ("Java에서"). */
const SCRIPT_SEAM =
  /(?<=[\p{Script=Latin}\p{N}])(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])(?=[\p{Script=Latin}\p{N}])/gu;

/** Lower case, every run of non-letters and non-digits a single space, spaces around. */
export function wordText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(SCRIPT_SEAM, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

function compileKeyword(keyword: string): Keyword {
  const prefix = keyword.endsWith('*');
  const body = prefix ? keyword.slice(0, -1) : keyword;
  const spaced = /^[\p{Script=Latin}\p{N}\s/&.+'$:-]+$/u.test(body);
  const words = spaced ? wordText(body).trimEnd() : body.toLowerCase();
  const word = spaced && words.length > 1 && !words.includes(' ', 1) ? words.slice(1) : null;
  const plurals = word && word.length > 3 ? [`${word}s`, `${word}es`] : [];
  const head = spaced && word === null && words.length > 1 ? (words.slice(1).split(' ')[0] ?? null) : null;
  return { words, word, plurals, head, prefix, spaced };
}

/** One field of an entry, reduced to words once for all keywords. */
export class FieldText {
  readonly words: string;
  readonly raw: string;
  private set: Set<string> | undefined;
  private sorted: string[] | undefined;

  constructor(text: string) {
    this.words = wordText(text);
    this.raw = text.toLowerCase();
  }

  /** The field's words, each once. */
  wordSet(): Set<string> {
    this.set ??= new Set(this.words.split(' '));
    return this.set;
  }

  /** True when the field holds this word. */
  has(word: string): boolean {
    return this.wordSet().has(word);
  }

  /** True when a word of the field starts with `head`. */
  hasPrefix(head: string): boolean {
    this.sorted ??= [...this.wordSet()].sort();
    const list = this.sorted;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as string) < head) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && (list[lo] as string).startsWith(head);
  }
}

/** True when field text `f` holds keyword `k`. */
export function matchesKeyword(k: Keyword, f: FieldText): boolean {
  if (!k.spaced) return f.raw.includes(k.words);
  if (k.word !== null) {
    if (k.prefix) return f.hasPrefix(k.word);
    // The word itself, or a plural of a real word: "ai" must not match "ais".
    return f.has(k.word) || k.plurals.some((p) => f.has(p));
  }
  if (k.head !== null && !f.has(k.head)) return false;
  if (k.prefix) return f.words.includes(k.words);
  if (f.words.includes(`${k.words} `)) return true;
  return k.words.length > 4 && (f.words.includes(`${k.words}s `) || f.words.includes(`${k.words}es `));
}

/** Compiles taxonomy rules; throws with the zod issues when the file is malformed. */
export function compileTaxonomy(rules: unknown): Taxonomy {
  const parsed = rulesSchema.parse(rules);
  const keywords: Keyword[] = [];
  const byWord = new Map<string, number[]>();
  const byHead = new Map<string, number[]>();
  const searched: number[] = [];
  const foreign: number[] = [];
  const categories = CATEGORY_IDS.map((id) => ({
    id,
    keywords: (parsed.categories[id]?.keywords ?? []).map((text) => {
      const k = compileKeyword(text);
      const index = keywords.push(k) - 1;
      if (k.spaced && k.word !== null && !k.prefix) {
        for (const form of [k.word, ...k.plurals]) byWord.set(form, [...(byWord.get(form) ?? []), index]);
      } else if (k.head !== null) byHead.set(k.head, [...(byHead.get(k.head) ?? []), index]);
      else if (FOREIGN_LETTER.test(k.words)) foreign.push(index);
      else searched.push(index);
      return index;
    }),
    patterns: (parsed.categories[id]?.patterns ?? []).map((p) => new RegExp(p, 'iu')),
  }));
  return {
    weights: parsed.weights,
    fallback: parsed.default,
    categories,
    keywords,
    byWord,
    byHead,
    searched,
    foreign,
  };
}

export const TAXONOMY_PATH = templatePath('taxonomy.json');

let cached: Taxonomy | undefined;

/** The taxonomy of templates/taxonomy.json, read once per process. */
export function loadTaxonomy(): Taxonomy {
  cached ??= compileTaxonomy(JSON.parse(readFileSync(TAXONOMY_PATH, 'utf8')));
  return cached;
}

export interface CategoryInput {
  question: string;
  section: string;
  answer: string;
  /** The guide's title (its H1), the weakest evidence: what the whole guide is about. */
  guide?: string;
}

/** Scores per category, in taxonomy order. */
export function scoreCategories(
  input: CategoryInput,
  taxonomy: Taxonomy,
): { id: Category; score: number; question: number }[] {
  const { weights } = taxonomy;
  const fields = (['question', 'section', 'answer', 'guide'] as const).map((f) => ({
    weight: weights[f],
    text: new FieldText(input[f] ?? ''),
  }));
  // Which keyword each field holds: words and phrases by the field's words, the others by search.
  const n = fields.length;
  const held = new Uint8Array(taxonomy.keywords.length * n);
  fields.forEach(({ text }, i) => {
    for (const word of text.wordSet()) {
      for (const k of taxonomy.byWord.get(word) ?? []) held[k * n + i] = 1;
      for (const k of taxonomy.byHead.get(word) ?? []) {
        if (matchesKeyword(taxonomy.keywords[k] as Keyword, text)) held[k * n + i] = 1;
      }
    }
    const searched = FOREIGN_LETTER.test(text.raw)
      ? [...taxonomy.searched, ...taxonomy.foreign]
      : taxonomy.searched;
    for (const k of searched) {
      if (matchesKeyword(taxonomy.keywords[k] as Keyword, text)) held[k * n + i] = 1;
    }
  });
  // Summed in the order of the rules, so that any weights give the same scores, to the last bit.
  return taxonomy.categories.map((c) => {
    let question = 0;
    let score = 0;
    for (const k of c.keywords) {
      for (let i = 0; i < n; i++) {
        if (held[k * n + i] === 0) continue;
        const { weight } = fields[i] as (typeof fields)[number];
        if (i === 0) question += weight;
        else score += weight;
      }
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
