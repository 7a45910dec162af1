// The schema every stage agrees on: Pack, Entry, Fact, Diagnostic, Category. The zod schema that
// validates pack.json is in schema.ts, so that code which only reads packs (the PDF renderers)
// does not load zod.

/** The shared taxonomy, in the order the cheat sheet prints it. */
export const CATEGORIES = [
  { id: 'overview', label: 'Project overview & pitch' },
  { id: 'architecture', label: 'Architecture & system design' },
  { id: 'tech-choices', label: 'Technology choices & trade-offs' },
  { id: 'data', label: 'Data & databases' },
  { id: 'apis', label: 'APIs & integrations' },
  { id: 'security', label: 'Security' },
  { id: 'scalability', label: 'Scalability & performance' },
  { id: 'reliability', label: 'Reliability, operations & observability' },
  { id: 'debugging', label: 'Debugging & problem-solving stories' },
  { id: 'quality', label: 'Testing, code quality & process' },
  { id: 'ai-ml', label: 'AI & ML' },
  { id: 'behavioral', label: 'Behavioral & career' },
  { id: 'fundamentals', label: 'Language, runtime & CS fundamentals' },
  { id: 'algorithms', label: 'Algorithms, data structures & coding' },
] as const;

export type Category = (typeof CATEGORIES)[number]['id'];
export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [Category, ...Category[]];

/** The label a person reads for a category id. */
export function categoryLabel(id: Category): string {
  return CATEGORIES.find((c) => c.id === id)?.label ?? id;
}

/** Where something is in a guide; lines and columns are 1-based, like remark's positions. */
export interface SourcePoint {
  /** The guide's path as given to the build, with forward slashes (`guides/stash.md`). */
  file: string;
  line: number;
}

/** A problem found in a guide: data, not an exception (STYLE.md §4). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** Stable kebab-case id, listed in src/errors.ts. */
  ruleId: string;
  /** What is wrong and what was expected, in one sentence. */
  message: string;
  file: string;
  line: number;
  column: number;
}

/** One question of a guide, normalized. Renderers read nothing else. */
export interface Entry {
  /** Stable across re-runs, answer edits, reordering and small rewording: `sp-` + base32. */
  id: string;
  /** Plain text: no quote marks, bold markers, "Q3:" prefixes or numbering. */
  question: string;
  /**
   * Markdown the question needs to be asked: its code, options, table or Input/Output, found
   * between the question and its answer; '' when the question stands alone. Card front.
   */
  prompt: string;
  /** The full answer as Markdown, with mojibake repaired; empty when the guide has none yet. */
  answer: string;
  /** What fits on a cheat sheet: the answer's first sentence(s) or list heads, ≤ ~220 chars. */
  gist: string;
  /** 1 to 6 terms: the guide's own "Key terms:" line, or derived from bold, code and facts. */
  keyTerms: string[];
  /** One id of the shared taxonomy, decided by templates/taxonomy.json. */
  category: Category;
  /** The guide's own section heading, cleaned of numbering and emoji; '' when there is none. */
  section: string;
  /** Id of the parent question when this is a follow-up, else null. */
  followUpOf: string | null;
  /** Where the question starts in the guide. */
  source: SourcePoint;
  /** False when the guide has no answer for this question yet (none, or a placeholder). */
  answered: boolean;
  /** True when the guide has no answer for this question yet: `answered` negated, kept for readers of older packs. */
  unanswered?: boolean;
  /** The recognizer that found this question (`heading-question`, `bold-question`, …). */
  style?: string;
}

/** A line of a table of facts (key numbers, tech stack). */
export interface Fact {
  label: string;
  value: string;
  /** A third column such as "Why chosen", when the table has one. */
  note?: string;
  /** The heading of the table the fact came from. */
  group?: string;
}

export interface Project {
  /** `[a-z0-9-]`, from front matter or the file name. */
  slug: string;
  /** The project's name, not "Interview Preparation Guide". */
  title: string;
  /** The guide's path as given to the build. */
  source: string;
  /** One paragraph, where the guide has an elevator pitch; else ''. */
  pitch: string;
}

export interface Pack {
  schemaVersion: 1;
  project: Project;
  entries: Entry[];
  facts: Fact[];
  diagnostics: Diagnostic[];
}

// ---- intermediate values between stages -------------------------------------------------

/** What `read` gives `parse`: the repaired text and what was found on the way. */
export interface ReadResult {
  /** The guide as text, BOM removed, line endings normalized to \n, mojibake repaired. */
  text: string;
  diagnostics: Diagnostic[];
  /** False when the bytes are not text at all (binary, empty): nothing further is done. */
  ok: boolean;
}

/** A question block as an extractor found it, before normalization. */
export interface RawBlock {
  /** The question as written, cleaned of markers but not yet normalized. */
  question: string;
  /** The answer's Markdown, sliced from the (repaired) source text. */
  answer: string;
  /** Markdown between the question and its answer that belongs to the question (code, options). */
  prompt?: string;
  /** The guide's section heading the block sits under, raw. */
  section: string;
  /** Index in the list of raw blocks of the question this one follows up, else null. */
  parent: number | null;
  /** An explicit key-terms list from the guide, when it has one for this question. */
  keyTerms: string[] | null;
  /** Name of the recognizer that claimed the block. */
  style: string;
  line: number;
  column: number;
  /** The answer's blocks from the guide's tree, when the answer is exactly their text. */
  nodes?: import('mdast').RootContent[];
}

/** What `extract` gives `normalize`. */
export interface Extraction {
  blocks: RawBlock[];
  facts: Fact[];
  /** The H1 text, raw. */
  h1: string;
  /** Front matter values, when the guide has a YAML block. */
  frontMatter: Record<string, unknown>;
  /** The elevator pitch paragraph, when one was found. */
  pitch: string;
  /** The guide's first prose paragraphs, to find the project's name when the H1 is generic. */
  intro: string[];
  diagnostics: Diagnostic[];
}
