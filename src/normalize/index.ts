// Raw blocks → the shared schema: ids, gists, key terms, categories, title, slug and pitch.
import type { Root } from 'mdast';
import { BoundedCache } from '../cache.js';
import { diagnostic, noQuestions } from '../errors.js';
import type { Category, Diagnostic, Entry, Extraction, Pack } from '../model.js';
import { parseFragment, rememberTree } from '../parse/index.js';
import { categorize, loadTaxonomy, scoreCategories, type Taxonomy } from './category.js';
import { clip, GIST_MAX, makeGist, sentences } from './gist.js';
import { entryId, normalizeQuestion } from './id.js';
import { keyTermsFor } from './key-terms.js';
import { askedSlug, slugFromFile, slugify } from './slug.js';
import { projectTitle } from './title.js';

export interface NormalizeOptions {
  /** The guide's path as it appears in outputs (`guides/stash.md`). */
  file: string;
  /** Overrides the slug derived from front matter or the file name. */
  slug?: string;
  taxonomy?: Taxonomy;
}

const PLACEHOLDER =
  /^\s*(?:todo|tbd|tbc|wip|fixme|\.\.\.|…|-+|\?+|coming soon|answer here|your answer here|write (?:your|the) answer here|fill (?:this )?in|待补充|待完善|未完成|略|作成中|準備中|준비\s*중|por hacer|pendiente|à compléter|à faire|в работе|заполнить)[.!:。]?\s*$/i;

/** An instruction in parentheses where the answer should be: `(Provide an example if applicable)`. */
const PARENTHETICAL = /^\s*(?:[-*+]\s+)?[(（][^()（）]*[)）]\s*$/;

/**
 * An answer that only points elsewhere: links and nothing else (`[click](notes.md#L24)`, `see
 * [x](y)`). A picture is not a pointer: a diagram alone answers "what does it look like?".
 */
function onlyPointsElsewhere(answer: string): boolean {
  const links = answer.replace(/(?<!!)\[[^\]]*\]\([^)]*\)/g, '').replace(/<?https?:\/\/\S+>?/g, '');
  if (links === answer) return false;
  const rest = links.replace(/\b(?:see|refer to|read|link|click|here|ref|details?)\b/gi, '');
  return !/[\p{L}\p{N}]/u.test(rest);
}

/** The longest pitch kept, in characters: whole sentences up to this. */
const PITCH_MAX = 600;

const OVERVIEW_QUESTION = /^(tell me about|introduce|walk me through|describe|what is|what's)\s+(.*)$/i;
const PROJECT_WORD = /\b(?:project|app|application|product|startup|platform)\b|^(?:it|this)\b/;

/**
 * A question that asks what the project is ("Tell me about this project", "What is Podscribe?"),
 * not about one part of it ("What is your SLO?"): "tell me about" and "introduce" always do;
 * the others when they name the project, or say "project", "app", "it".
 */
function asksForOverview(question: string, title: string): boolean {
  const [, verb = '', rest = ''] = OVERVIEW_QUESTION.exec(question.trim()) ?? [];
  if (verb === '') return false;
  if (/^(?:tell me about|introduce)$/i.test(verb)) return true;
  const asked = rest.toLowerCase();
  if (PROJECT_WORD.test(asked)) return true;
  const words = asked.split(/[^\p{L}\p{N}]+/u);
  return title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((w) => w.length >= 4 && words.includes(w));
}

function plainPitch(text: string): string {
  return text
    .replace(/^["“]\s*|\s*["”]$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What an entry's text gives, apart from its id: the costly part of normalizing. */
interface Derived {
  category: Category;
  own: number;
  gist: string;
  keyTerms: string[];
}

/**
 * Entries derived in earlier builds of this process, by everything they were derived from, for
 * each taxonomy: while a guide is edited and rebuilt (--watch), only the entries the edit changed
 * are derived again. About DERIVED_CHARS characters of keys, what is not met again going first.
 */
const derivedBefore = new WeakMap<Taxonomy, BoundedCache<string, Derived>>();
const DERIVED_CHARS = 8 * 1024 * 1024;
let remembering = false;

/** Keeps what each entry's text gives, so that an entry met again is not derived again. */
export function rememberEntries(on = true): void {
  remembering = on;
}

function derive(inputs: unknown[], facts: string, taxonomy: Taxonomy, make: () => Derived): Derived {
  if (!remembering) return make();
  const key = `${JSON.stringify(inputs)}\u0000${facts}`;
  const known = derivedBefore.get(taxonomy) ?? new BoundedCache(DERIVED_CHARS, (k: string) => k.length);
  derivedBefore.set(taxonomy, known);
  const found = known.get(key);
  if (found) return found;
  const made = make();
  known.set(key, made);
  return made;
}

/** Builds the pack of one guide from what extraction found. */
export function normalize(ex: Extraction, options: NormalizeOptions): Pack {
  const { file } = options;
  const taxonomy = options.taxonomy ?? loadTaxonomy();
  const diagnostics: Diagnostic[] = [...ex.diagnostics];
  const asked = askedSlug(ex.frontMatter);
  const fmSlug = asked === undefined ? '' : slugify(asked);
  const slug = options.slug ?? (fmSlug || slugFromFile(file));
  const { title, generic } = projectTitle({ h1: ex.h1, frontMatter: ex.frontMatter, intro: ex.intro, slug });
  // A guide without questions gets no pack: what its pack would be called does not matter.
  if (generic && ex.blocks.length > 0) {
    diagnostics.push(
      diagnostic('generic-title', `The title does not name the project; using "${title}".`, file, 1, 1),
    );
  }

  const entries: Entry[] = [];
  const facts = remembering ? JSON.stringify(ex.facts) : '';
  const seen = new Map<string, number>();
  // "What is printed?" over fifty different snippets: a question its text alone does not
  // identify is identified by its prompt too.
  const timesAsked = new Map<string, number>();
  for (const block of ex.blocks) {
    const norm = normalizeQuestion(block.question);
    timesAsked.set(norm, (timesAsked.get(norm) ?? 0) + 1);
  }
  for (const block of ex.blocks) {
    const parent = block.parent !== null ? entries[block.parent] : undefined;
    const prompt = block.prompt?.trim() ?? '';
    let norm = normalizeQuestion(block.question);
    if (prompt && (timesAsked.get(norm) ?? 0) > 1) norm = `${norm}\u0000${normalizeQuestion(prompt)}`;
    // Follow-ups such as "Can you give an example?" recur under many parents: their id
    // includes the parent's question so each stays distinct and stable.
    let id = parent ? entryId(slug, normalizeQuestion(parent.question), norm) : entryId(slug, norm);
    const occurrence = (seen.get(id) ?? 0) + 1;
    seen.set(id, occurrence);
    if (occurrence > 1) {
      diagnostics.push(
        diagnostic(
          'duplicate-question',
          `"${block.question}" is asked more than once in this guide.`,
          file,
          block.line,
          block.column,
        ),
      );
      id = entryId(slug, norm, String(occurrence));
    }
    // A placeholder ("TODO", "TBD", "…") is not an answer yet.
    const answer = PLACEHOLDER.test(block.answer) || PARENTHETICAL.test(block.answer) ? '' : block.answer;
    const unanswered = answer.trim() === '' || onlyPointsElsewhere(answer);
    if (unanswered) {
      diagnostics.push(
        diagnostic(
          'question-without-answer',
          `"${block.question}" has no answer yet: expected text below the question.`,
          file,
          block.line,
          block.column,
        ),
      );
    }
    const input = { question: block.question, section: block.section, answer, guide: ex.h1 };
    // One tree of the answer serves the gist, the key terms and the Anki back: the guide's own
    // nodes when the answer is exactly their text, else one parse of the answer.
    // Made only when something is derived from it: an entry met before needs no tree.
    let parsed: Root | undefined;
    const tree = (): Root => {
      if (parsed) return parsed;
      parsed = block.nodes && answer ? { type: 'root', children: block.nodes } : parseFragment(answer);
      if (answer) rememberTree(answer, parsed);
      return parsed;
    };
    const derived = derive(
      [
        input.question,
        input.section,
        answer,
        input.guide,
        prompt,
        block.keyTerms,
        block.nodes !== undefined,
        unanswered,
        parent !== undefined,
      ],
      facts,
      taxonomy,
      () => ({
        category: categorize(input, taxonomy),
        // How much a follow-up's question alone says of its topic.
        own: parent ? Math.max(...scoreCategories(input, taxonomy).map((s) => s.question)) : 0,
        gist: unanswered ? '' : makeGist(answer, GIST_MAX, tree(), prompt),
        keyTerms: keyTermsFor(block.question, answer, block.keyTerms, ex.facts, tree(), ex.h1),
      }),
    );
    // A follow-up that says nothing of its topic ("Can you give an example?") joins its parent.
    const category = parent && derived.own === 0 ? parent.category : derived.category;
    const entry: Entry = {
      id,
      question: block.question,
      prompt,
      answer,
      answered: !unanswered,
      gist: derived.gist,
      keyTerms: [...derived.keyTerms],
      category,
      section: block.section,
      followUpOf: parent ? parent.id : null,
      source: { file, line: block.line },
      style: block.style,
    };
    if (unanswered) entry.unanswered = true;
    entries.push(entry);
  }

  if (entries.length === 0) diagnostics.push(noQuestions(file));

  let pitch = ex.pitch;
  if (!pitch) {
    const first = entries.find(
      (e) => e.category === 'overview' && !e.followUpOf && asksForOverview(e.question, title),
    );
    const para = first?.answer
      .split(/\n\s*\n/)
      .find((p) => /\w/.test(p) && !/^\s*(```|[-*+] |\d+\. |\||#)/.test(p));
    if (para) pitch = para;
  }
  pitch = plainPitch(pitch.replace(/[*_`]/g, ''));
  if (pitch.length > PITCH_MAX) {
    const whole = sentences(pitch).reduce(
      (acc, s) => (acc.length + s.length < PITCH_MAX ? `${acc} ${s}`.trim() : acc),
      '',
    );
    // A first sentence longer than that is cut at a word.
    pitch = whole || clip(pitch, PITCH_MAX);
  }

  return {
    schemaVersion: 1,
    project: { slug, title, source: file, pitch },
    entries,
    facts: ex.facts,
    diagnostics,
  };
}
