// Entry identity across edits: guides/studypack.lock.json remembers each id with its question and an
// answer fingerprint, so a reworded question keeps the id (the Anki GUID) and its review history.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Entry, Pack } from '../model.js';
import { entryId, normalizeQuestion } from '../normalize/id.js';
import * as z from '../zod.js';
import { writeFileAtomic } from './atomic.js';

/** The lock file's name; it sits beside the guides and is committed with them. */
export const LOCK_FILE_NAME = 'studypack.lock.json';

/** How many shingle hashes an answer's sketch keeps: enough to tell "mostly the same" apart. */
export const SKETCH_SIZE = 32;

/**
 * When a vanished entry and a new one are the same card. Chosen on real rewordings of the seed
 * guides' questions (tests/build/identity.test.ts prints the scores they were chosen from).
 */
export const THRESHOLDS = {
  /** Word 3-shingle Jaccard of the answers above which the answer is "mostly unchanged". */
  answer: 0.45,
  /** Content-word similarity of the questions above which, in the same section, they are one. */
  question: 0.75,
  /** Both partly changed: question similarity and answer similarity both at least these. */
  questionWithAnswer: 0.4,
  answerWithQuestion: 0.2,
  /** Answers shorter than this many words say too little to pair on. */
  minAnswerWords: 6,
} as const;

/** What the lock remembers of one entry, as last built. */
export interface LockEntry {
  /** The question as last built. */
  question: string;
  /** The guide's section heading as last built. */
  section: string;
  /** `sha256:` + 16 hex of the answer's words: equal when only formatting changed. */
  answer: string;
  /**
   * Bottom-k sketch of the answer's word 3-shingles: the ascending 32-bit hashes, 4 bytes each,
   * big-endian, in base64. Decoded only when a guide is rebuilt and its entries are paired.
   */
  sketch: string;
}

/** The lock file's format: 2 since sketches are base64; files of format 1 (hex) are still read. */
export const LOCK_VERSION = 2;

/** guides/studypack.lock.json: per project slug, per entry id, what the id was last given to. */
export interface IdentityLock {
  /** The format it was read in; it is always written in the current one, `LOCK_VERSION`. */
  version: 1 | 2;
  projects: Record<string, Record<string, LockEntry>>;
}

/** One id handed from a vanished question to a reworded one. */
export interface Pairing {
  slug: string;
  /** The id kept, from the lock. */
  id: string;
  /** The id the reworded question would have had without the lock. */
  freshId: string;
  oldQuestion: string;
  newQuestion: string;
  reason: 'answer-unchanged' | 'answer-similar' | 'question-similar' | 'question-and-answer-similar';
  answerSimilarity: number;
  questionSimilarity: number;
  /** One sentence for the build's report. */
  message: string;
}

/** A lock entry that matched nothing in the guide: the question was deleted, or changed beyond recognition. */
export interface Retirement {
  slug: string;
  id: string;
  question: string;
  message: string;
}

export interface ReconcileResult {
  /** The entries with their final ids, in the same order, followUpOf pointing at final ids. */
  entries: Entry[];
  /** The lock with this slug's project replaced by what was just built; other projects untouched. */
  lock: IdentityLock;
  pairings: Pairing[];
  retired: Retirement[];
}

/** A lock with no projects: the start when the file is missing or unreadable. */
export function emptyLock(): IdentityLock {
  return { version: LOCK_VERSION, projects: {} };
}

// ---- fingerprints -------------------------------------------------------------------------

/** An answer's words, lower-cased, without Markdown punctuation: formatting edits change nothing. */
function answerWords(answer: string): string[] {
  return (
    answer
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hashes as a sketch: 4 bytes each, big-endian, base64 (172 characters for 32 hashes). */
function encodeSketch(hashes: number[]): string {
  const bytes = Buffer.alloc(hashes.length * 4);
  hashes.forEach((h, i) => {
    bytes.writeUInt32BE(h, i * 4);
  });
  return bytes.toString('base64');
}

/** A format-1 sketch (8-hex values, space separated) in the current format. */
function sketchFromHex(hex: string): string {
  return encodeSketch(hex === '' ? [] : hex.split(' ').map((h) => Number.parseInt(h, 16)));
}

/** The fingerprint of an answer: a hash of its words and a bottom-k sketch of its word 3-shingles. */
export function fingerprintAnswer(answer: string): { answer: string; sketch: string } {
  const words = answerWords(answer);
  const digest = createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 16);
  const shingles = new Set<number>();
  if (words.length > 0 && words.length < 3) shingles.add(fnv1a(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(fnv1a(words.slice(i, i + 3).join(' ')));
  const sketch = [...shingles].sort((a, b) => a - b).slice(0, SKETCH_SIZE);
  return { answer: `sha256:${digest}`, sketch: encodeSketch(sketch) };
}

/** The hashes of a sketch. */
export function parseSketch(sketch: string): number[] {
  const bytes = Buffer.from(sketch, 'base64');
  const hashes: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) hashes.push(bytes.readUInt32BE(i));
  return hashes;
}

/**
 * Estimated Jaccard similarity of two answers' shingle sets from their bottom-k sketches: among the
 * k smallest hashes of the union, the share found in both. Exact when both answers are short.
 */
export function sketchSimilarity(a: string, b: string): number {
  const left = new Set(parseSketch(a));
  const right = new Set(parseSketch(b));
  if (left.size === 0 || right.size === 0) return 0;
  const union = [...new Set([...left, ...right])].sort((x, y) => x - y).slice(0, SKETCH_SIZE);
  const both = union.filter((h) => left.has(h) && right.has(h)).length;
  return both / union.length;
}

/** Words that say how a question is asked, not what it is about. */
const STOPWORDS = new Set(
  (
    'a an the and or but of to in on at for with by from into about as is are was were be been being do does ' +
    'did doing done can could would will should shall may might must have has had i me my we our us you your it ' +
    'its this that these those there here what which who whom whose how why when where tell walk through explain ' +
    'describe talk give some any so just really also please let lets mean yourself instead over rather than vs ' +
    'versus not use using choose chose chosen pick picked go went decide decided opt if both each much many ' +
    'work works happen happens whats hows whys thats theres heres im ive youd youre youve'
  ).split(' '),
);

/** A word without its common English endings, so "handle", "handles" and "handling" are one. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ing|ed|est|es|s|ly)$/, '').replace(/e$/, '');
}

/**
 * The words that carry a question's meaning. `slug` names the project: "…of PodScribe?" says no
 * more than "…of this?", so the project's name is left out too.
 */
export function questionTerms(question: string, slug = ''): Set<string> {
  const words = normalizeQuestion(question).split(' ');
  const project = slug.replace(/-/g, '');
  return new Set(words.filter((w) => w !== '' && w !== project && !STOPWORDS.has(w)).map(stem));
}

/**
 * How alike two questions are: the Dice coefficient of their content words, so one added or
 * dropped word in a short question still leaves them close.
 */
export function questionSimilarity(a: string, b: string, slug = ''): number {
  const left = questionTerms(a, slug);
  const right = questionTerms(b, slug);
  if (left.size === 0 || right.size === 0) return 0;
  let both = 0;
  for (const w of left) if (right.has(w)) both++;
  return (2 * both) / (left.size + right.size);
}

function sameSection(a: string, b: string): boolean {
  return normalizeQuestion(a) === normalizeQuestion(b);
}

/** The lock entry for an entry as it is now built. */
export function lockEntryFor(entry: Entry): LockEntry {
  return { question: entry.question, section: entry.section, ...fingerprintAnswer(entry.answer) };
}

// ---- reconciling ----------------------------------------------------------------------------

interface Candidate {
  entryIndex: number;
  lockId: string;
  score: number;
  reason: Pairing['reason'];
  answerSimilarity: number;
  questionSimilarity: number;
}

/** Whether a vanished lock entry and a new entry are clearly the same card, and why. */
export function judgePair(
  old: LockEntry,
  now: LockEntry,
  slug = '',
): Pick<Candidate, 'reason' | 'answerSimilarity' | 'questionSimilarity'> | null {
  const substantial = (e: LockEntry) => parseSketch(e.sketch).length >= THRESHOLDS.minAnswerWords - 2;
  const answersComparable = substantial(old) && substantial(now);
  const answerSim = answersComparable ? sketchSimilarity(old.sketch, now.sketch) : 0;
  const questionSim = questionSimilarity(old.question, now.question, slug);
  const result = (reason: Pairing['reason']) => ({
    reason,
    answerSimilarity: answerSim,
    questionSimilarity: questionSim,
  });
  if (answersComparable && old.answer === now.answer) return result('answer-unchanged');
  if (answerSim >= THRESHOLDS.answer) return result('answer-similar');
  if (questionSim >= THRESHOLDS.question && sameSection(old.section, now.section))
    return result('question-similar');
  if (questionSim >= THRESHOLDS.questionWithAnswer && answerSim >= THRESHOLDS.answerWithQuestion) {
    return result('question-and-answer-similar');
  }
  return null;
}

/**
 * Gives each entry of one guide its lasting id. Entries come with fresh hash ids (as the normalize
 * stage makes them); the steps below run in order, each on what the earlier ones left:
 * 1. an entry whose fresh id is in the lock with the same question keeps it (most entries);
 * 2. an entry whose question is the one a lock entry was last built with takes that id: this is
 *    how a question reworded in an earlier build keeps its old id in every later build;
 * 3. an entry whose fresh id is in the lock keeps it;
 * 4. what is left is paired, best match first, with lock entries that vanished, when `judgePair`
 *    says they are the same card: the entry takes the old id and the pairing is reported;
 * 5. every other entry keeps its fresh id (or, if a lock id took it, a derived one).
 * followUpOf is rewritten to the final ids. Only `slug`'s project in the lock changes.
 */
export function reconcileIds(slug: string, entries: Entry[], lock: IdentityLock): ReconcileResult {
  const known = lock.projects[slug] ?? {};
  const knownIds = Object.keys(known).sort();
  const now = entries.map(lockEntryFor);
  const finalIds: (string | undefined)[] = entries.map(() => undefined);
  const claimed = new Set<string>();

  const take = (i: number, id: string) => {
    finalIds[i] = id;
    claimed.add(id);
  };
  const norms = entries.map((e) => normalizeQuestion(e.question));

  // 1. Unchanged: the fresh id is in the lock with the same question.
  entries.forEach((entry, i) => {
    const old = known[entry.id];
    if (old && !claimed.has(entry.id) && normalizeQuestion(old.question) === norms[i]) take(i, entry.id);
  });

  // 2. Same question as last built under another id: a question reworded in an earlier build, or
  //    a follow-up whose parent was reworded (its fresh id includes the parent's question). Only
  //    when one entry and one lock entry have that question; recurring follow-ups ("Can you give
  //    an example?") are left to step 4, where their answers tell them apart.
  const lockByQuestion = groupBy(
    knownIds.filter((id) => !claimed.has(id)),
    (id) => normalizeQuestion(known[id]?.question ?? ''),
  );
  const entriesByQuestion = groupBy(
    entries.map((_, i) => i).filter((i) => finalIds[i] === undefined),
    (i) => norms[i] ?? '',
  );
  for (const [question, indexes] of entriesByQuestion) {
    const ids = lockByQuestion.get(question) ?? [];
    const [i] = indexes;
    const [id] = ids;
    if (indexes.length === 1 && ids.length === 1 && i !== undefined && id !== undefined) take(i, id);
  }

  // 3. Same id, question changed only in what normalization keeps (the id is its hash).
  entries.forEach((entry, i) => {
    if (finalIds[i] === undefined && known[entry.id] !== undefined && !claimed.has(entry.id))
      take(i, entry.id);
  });

  // 4. Reworded: pair what vanished with what is new, best first.
  const vanished = knownIds.filter((id) => !claimed.has(id));
  const candidates: Candidate[] = [];
  entries.forEach((_, i) => {
    const current = now[i];
    if (finalIds[i] !== undefined || current === undefined) return;
    for (const lockId of vanished) {
      const old = known[lockId];
      const verdict = old && judgePair(old, current, slug);
      if (!verdict) continue;
      // Both similarities count, so that among identical questions the closest answer wins.
      const score =
        verdict.answerSimilarity +
        verdict.questionSimilarity +
        (verdict.reason === 'answer-unchanged' ? 1 : 0);
      candidates.push({ entryIndex: i, lockId, score, ...verdict });
    }
  });
  candidates.sort(
    (a, b) => b.score - a.score || a.entryIndex - b.entryIndex || (a.lockId < b.lockId ? -1 : 1),
  );
  const pairings: Pairing[] = [];
  for (const c of candidates) {
    const entry = entries[c.entryIndex];
    if (finalIds[c.entryIndex] !== undefined || claimed.has(c.lockId) || !entry) continue;
    finalIds[c.entryIndex] = c.lockId;
    claimed.add(c.lockId);
    const oldQuestion = known[c.lockId]?.question ?? '';
    pairings.push({
      slug,
      id: c.lockId,
      freshId: entry.id,
      oldQuestion,
      newQuestion: entry.question,
      reason: c.reason,
      answerSimilarity: round2(c.answerSimilarity),
      questionSimilarity: round2(c.questionSimilarity),
      message: `kept id ${c.lockId} of '${oldQuestion}' for reworded question '${entry.question}' (${c.reason})`,
    });
  }

  // 5. New entries: their fresh id, unless a lock id or an earlier entry already holds it.
  const used = new Set<string>([...claimed, ...knownIds]);
  entries.forEach((entry, i) => {
    if (finalIds[i] !== undefined) return;
    let id = entry.id;
    for (let n = 2; used.has(id); n++) id = entryId(slug, normalizeQuestion(entry.question), String(n));
    finalIds[i] = id;
    used.add(id);
  });

  const renamed = new Map<string, string>();
  entries.forEach((entry, i) => {
    const id = finalIds[i];
    if (id !== undefined && id !== entry.id && !renamed.has(entry.id)) renamed.set(entry.id, id);
  });
  const result = entries.map((entry, i) => ({
    ...entry,
    id: finalIds[i] ?? entry.id,
    followUpOf: entry.followUpOf === null ? null : (renamed.get(entry.followUpOf) ?? entry.followUpOf),
  }));

  const project: Record<string, LockEntry> = {};
  result.forEach((entry, i) => {
    const current = now[i];
    if (current) project[entry.id] = current;
  });
  const retired = vanished
    .filter((id) => !claimed.has(id))
    .map((id) => {
      const question = known[id]?.question ?? '';
      return {
        slug,
        id,
        question,
        message: `id ${id} of '${question}' matches no question any more; its Anki note is left as it is`,
      };
    });

  return { entries: result, lock: withProject(lock, slug, project), pairings, retired };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function withProject(lock: IdentityLock, slug: string, project: Record<string, LockEntry>): IdentityLock {
  return { version: LOCK_VERSION, projects: { ...lock.projects, [slug]: project } };
}

/** Rebuilds a lock from packs already built (out/<slug>/pack.json): a fallback when the lock is lost. */
export function lockFromPacks(packs: Pack[]): IdentityLock {
  let lock = emptyLock();
  for (const pack of packs) {
    const project: Record<string, LockEntry> = {};
    for (const entry of pack.entries) project[entry.id] = lockEntryFor(entry);
    lock = withProject(lock, pack.project.slug, project);
  }
  return lock;
}

/** Keeps only the projects whose slug is in `slugs`: for when a guide was deleted on purpose. */
export function retainProjects(lock: IdentityLock, slugs: Iterable<string>): IdentityLock {
  const keep = new Set(slugs);
  return {
    version: LOCK_VERSION,
    projects: Object.fromEntries(Object.entries(lock.projects).filter(([slug]) => keep.has(slug))),
  };
}

// ---- uniqueness ---------------------------------------------------------------------------

export interface IdCollision {
  id: string;
  places: { slug: string; question: string; file: string; line: number }[];
}

/**
 * Ids used more than once across all packs. Anki would merge such notes into one, so the build
 * must stop before writing any deck when this is not empty.
 */
export function findIdCollisions(packs: Pack[]): IdCollision[] {
  const places = new Map<string, IdCollision['places']>();
  for (const pack of packs) {
    for (const entry of pack.entries) {
      const place = { slug: pack.project.slug, question: entry.question, ...entry.source };
      places.set(entry.id, [...(places.get(entry.id) ?? []), place]);
    }
  }
  return [...places]
    .filter(([, where]) => where.length > 1)
    .map(([id, where]) => ({ id, places: where }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

// ---- the lock file --------------------------------------------------------------------------

const entryFields = {
  question: z.string().check(z.minLength(1)),
  section: z.string(),
  answer: z.string().check(z.regex(/^sha256:[0-9a-f]{16}$/)),
};
const v1Entry = z.object({
  ...entryFields,
  sketch: z.string().check(z.regex(/^(?:[0-9a-f]{8}(?: [0-9a-f]{8})*)?$/)),
});
/** Per format, an entry; its sketch as the current format holds it. */
const lockEntrySchemas = {
  1: z.pipe(
    v1Entry,
    z.transform((e: z.infer<typeof v1Entry>) => ({ ...e, sketch: sketchFromHex(e.sketch) })),
  ),
  // Whole base64 of 4-byte hashes: a length that is a multiple of 16 bytes' worth, or a padded rest.
  2: z.object({
    ...entryFields,
    sketch: z.string().check(
      z.regex(/^(?:[A-Za-z0-9+/]{16})*(?:[A-Za-z0-9+/]{6}==|[A-Za-z0-9+/]{11}=)?$/),
      z.refine((s) => parseSketch(s).length <= SKETCH_SIZE),
    ),
  }),
} as const;
const ID = /^sp-[a-z2-7]{8,}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface LockParseResult {
  /** What could be read; entries that failed validation are left out. */
  lock: IdentityLock;
  /** What is wrong with the file, one sentence each; empty when it is sound. */
  problems: string[];
}

/**
 * Reads a lock file's text. Never throws: unreadable JSON gives an empty lock and a problem;
 * an invalid project or entry is left out, with a problem naming it, and the rest is kept.
 */
export function parseLock(text: string): LockParseResult {
  const problems: string[] = [];
  if (/^(<{7}|={7}|>{7})( |$)/m.test(text)) {
    return {
      lock: emptyLock(),
      problems: [
        'it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): keep the entries of both sides and remove the markers',
      ],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { lock: emptyLock(), problems: [`it is not valid JSON (${(err as Error).message})`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { lock: emptyLock(), problems: ['it is not a JSON object with "version" and "projects"'] };
  }
  const record = data as Record<string, unknown>;
  const version = record.version;
  if (version !== 1 && version !== 2) {
    return {
      lock: emptyLock(),
      problems: [`its version is ${JSON.stringify(version)}, this studypack reads versions 1 and 2`],
    };
  }
  const lockEntrySchema = lockEntrySchemas[version];
  const projects = record.projects;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) {
    return { lock: emptyLock(), problems: ['"projects" is missing or not an object'] };
  }
  const lock: IdentityLock = { version, projects: {} };
  const seen = new Map<string, string>();
  for (const [slug, entries] of Object.entries(projects)) {
    if (!SLUG.test(slug)) {
      problems.push(`project "${slug}" is not a valid slug; it was left out`);
      continue;
    }
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push(`project "${slug}" is not an object of entries; it was left out`);
      continue;
    }
    const project: Record<string, LockEntry> = {};
    for (const [id, value] of Object.entries(entries)) {
      const parsed = lockEntrySchema.safeParse(value);
      if (!ID.test(id) || !parsed.success) {
        const why = ID.test(id) ? (parsed.error?.issues[0]?.path.join('.') ?? 'fields') : 'id';
        problems.push(`entry "${id}" of project "${slug}" has an invalid ${why}; it was left out`);
        continue;
      }
      const other = seen.get(id);
      if (other !== undefined) {
        problems.push(`entry "${id}" appears in projects "${other}" and "${slug}"; the second was left out`);
        continue;
      }
      seen.set(id, slug);
      project[id] = parsed.data;
    }
    lock.projects[slug] = project;
  }
  return { lock, problems };
}

/**
 * The lock as text, in the current format whatever format it was read in: sorted slugs and ids,
 * fixed field order, two-space indent, trailing newline.
 */
export function serializeLock(lock: IdentityLock): string {
  const projects: Record<string, Record<string, LockEntry>> = {};
  for (const slug of Object.keys(lock.projects).sort()) {
    const entries = lock.projects[slug] ?? {};
    const sorted: Record<string, LockEntry> = {};
    for (const id of Object.keys(entries).sort()) {
      const e = entries[id];
      if (e) sorted[id] = { question: e.question, section: e.section, answer: e.answer, sketch: e.sketch };
    }
    projects[slug] = sorted;
  }
  return `${JSON.stringify({ version: LOCK_VERSION, projects }, null, 2)}\n`;
}

// ---- reading and writing the file -----------------------------------------------------------

/** Where the lock of a guides folder lives. */
export function lockPathFor(guidesDir: string): string {
  return join(guidesDir, LOCK_FILE_NAME);
}

export interface LockFileState extends LockParseResult {
  path: string;
  /** False when there is no lock yet (a first build). */
  exists: boolean;
  /** A hash of the file's text as read, to tell later whether anything changed. */
  digest: string | null;
  /**
   * The text as read, kept only when it had problems, to be saved beside the lock that replaces
   * it. A sound lock's text is not held for the whole build: at a thousand guides it is tens of
   * megabytes in memory.
   */
  brokenText: string | null;
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the lock beside the guides; a missing file is an empty lock, not a problem. */
export function readLockFile(path: string): LockFileState {
  if (!existsSync(path))
    return { path, exists: false, digest: null, brokenText: null, lock: emptyLock(), problems: [] };
  const text = readFileSync(path, 'utf8');
  const parsed = parseLock(text);
  const brokenText = parsed.problems.length > 0 ? text : null;
  return { path, exists: true, digest: digestOf(text), brokenText, ...parsed };
}

export interface LockWriteResult {
  /** True when the file was (re)written. */
  written: boolean;
  /** Where an unreadable lock was kept before being replaced, when it was. */
  keptBrokenAs: string | null;
}

/**
 * Writes the lock when its text changed. A lock that had problems when read is never replaced
 * silently: its text is first kept beside it as `studypack.lock.json.broken-<hash>` (the same
 * content always gives the same name, so repeated builds do not pile up copies), and the caller
 * reports `keptBrokenAs`.
 */
export function writeLockFile(state: LockFileState, lock: IdentityLock): LockWriteResult {
  const text = serializeLock(lock);
  if (state.digest === digestOf(text)) return { written: false, keptBrokenAs: null };
  let keptBrokenAs: string | null = null;
  if (state.exists && state.brokenText !== null && state.digest !== null) {
    keptBrokenAs = join(dirname(state.path), `${LOCK_FILE_NAME}.broken-${state.digest.slice(0, 8)}`);
    if (!existsSync(keptBrokenAs)) writeFileAtomic(keptBrokenAs, state.brokenText);
  }
  writeFileAtomic(state.path, text);
  return { written: true, keptBrokenAs };
}
