// Entry identity across edits: each entry of a guide gets the id the lock file remembers for it,
// so a reworded question keeps its id (the Anki GUID) and its review history.
import type { Entry } from '../../model.js';
import { entryId, normalizeQuestion } from '../../normalize/id.js';
import { questionTerms, sortedHashes, sortedSketchSimilarity, termSimilarity } from './fingerprint.js';
import { type IdentityLock, type LockEntry, lockEntryFor, withProject } from './lock.js';

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

interface Candidate {
  entryIndex: number;
  lockId: string;
  score: number;
  reason: Pairing['reason'];
  answerSimilarity: number;
  questionSimilarity: number;
}

/** What `judgePair` compares of an entry, worked out once however many pairs it is in. */
export interface PairFeatures {
  entry: LockEntry;
  /** The answer's sketch, sorted. */
  hashes: number[];
  /** True when the answer has words enough to pair on. */
  substantial: boolean;
  terms: Set<string>;
  section: string;
}

export function pairFeatures(entry: LockEntry, slug = ''): PairFeatures {
  const hashes = sortedHashes(entry.sketch);
  return {
    entry,
    hashes,
    substantial: hashes.length >= THRESHOLDS.minAnswerWords - 2,
    terms: questionTerms(entry.question, slug),
    section: normalizeQuestion(entry.section),
  };
}

/** Whether a vanished lock entry and a new entry are clearly the same card, and why. */
export function judgePair(
  old: LockEntry,
  now: LockEntry,
  slug = '',
): Pick<Candidate, 'reason' | 'answerSimilarity' | 'questionSimilarity'> | null {
  return judgeFeatures(pairFeatures(old, slug), pairFeatures(now, slug));
}

function judgeFeatures(
  old: PairFeatures,
  now: PairFeatures,
): Pick<Candidate, 'reason' | 'answerSimilarity' | 'questionSimilarity'> | null {
  const answersComparable = old.substantial && now.substantial;
  const answerSim = answersComparable ? sortedSketchSimilarity(old.hashes, now.hashes) : 0;
  const questionSim = termSimilarity(old.terms, now.terms);
  const result = (reason: Pairing['reason']) => ({
    reason,
    answerSimilarity: answerSim,
    questionSimilarity: questionSim,
  });
  if (answersComparable && old.entry.answer === now.entry.answer) return result('answer-unchanged');
  if (answerSim >= THRESHOLDS.answer) return result('answer-similar');
  if (questionSim >= THRESHOLDS.question && old.section === now.section) return result('question-similar');
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

  // 4. Reworded: pair what vanished with what is new, best first. Only pairs that can pass
  //    `judgePair` are judged (see `pairsToJudge`): judging every pair took minutes when thousands
  //    of questions were reworded at once.
  const vanished = knownIds.filter((id) => !claimed.has(id));
  const open = entries.map((_, i) => i).filter((i) => finalIds[i] === undefined && now[i] !== undefined);
  const candidates: Candidate[] = [];
  const newFeatures = open.map((i) => pairFeatures(now[i] as LockEntry, slug));
  const oldFeatures = vanished.map((id) => pairFeatures(known[id] as LockEntry, slug));
  for (const [i, lockIds] of pairsToJudge(newFeatures, oldFeatures).entries()) {
    const entryIndex = open[i] as number;
    const current = newFeatures[i] as PairFeatures;
    for (const v of lockIds) {
      const lockId = vanished[v] as string;
      const verdict = judgeFeatures(oldFeatures[v] as PairFeatures, current);
      if (!verdict) continue;
      // Both similarities count, so that among identical questions the closest answer wins.
      const score =
        verdict.answerSimilarity +
        verdict.questionSimilarity +
        (verdict.reason === 'answer-unchanged' ? 1 : 0);
      candidates.push({ entryIndex, lockId, score, ...verdict });
    }
  }
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

/**
 * For each new entry, the vanished ones (by index) `judgePair` could pair it with; every other pair
 * it would turn down. Each of its rules needs the two to share something an index can find:
 * - a similar or unchanged answer (similarity at least a = 0.2, the lowest answer threshold)
 *   shares at least a·max(|A|, |B|) of the two sketches' hashes, as the union's k smallest hold
 *   at least as many hashes as either sketch;
 * - a similar question in the same section (Dice of the content words at least t = 0.75) shares
 *   at least t/(2−t) of either question's words, so, with words ranked rarest first, it shares
 *   one of the first |A| − ⌈|A|·t/(2−t)⌉ + 1 words of each (prefix filtering, as in similarity
 *   joins): a word every question has is never looked up.
 */
export function pairsToJudge(news: PairFeatures[], olds: PairFeatures[]): number[][] {
  const t = THRESHOLDS.question;
  const frequency = new Map<string, number>();
  for (const f of [...news, ...olds]) for (const w of f.terms) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const prefix = (f: PairFeatures): string[] => {
    const ranked = [...f.terms].sort(
      (a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : 1),
    );
    // The bound less a hair, so that rounding never shortens the prefix.
    const keep = ranked.length - Math.ceil((ranked.length * t) / (2 - t) - 1e-9) + 1;
    return ranked.slice(0, Math.max(keep, 0)).map((w) => `${f.section}\u0000${w}`);
  };
  const bySketch = new Map<number, number[]>();
  const byTerm = new Map<string, number[]>();
  const add = <K>(index: Map<K, number[]>, key: K, value: number) => {
    const list = index.get(key);
    if (list) list.push(value);
    else index.set(key, [value]);
  };
  const a = Math.min(THRESHOLDS.answer, THRESHOLDS.answerWithQuestion);
  olds.forEach((old, v) => {
    if (old.substantial) for (const h of old.hashes) add(bySketch, h, v);
    for (const key of prefix(old)) add(byTerm, key, v);
  });
  return news.map((current) => {
    const found = new Set<number>();
    if (current.substantial) {
      const shared = new Map<number, number>();
      for (const h of current.hashes)
        for (const v of bySketch.get(h) ?? []) shared.set(v, (shared.get(v) ?? 0) + 1);
      for (const [v, count] of shared)
        if (count >= a * Math.max(current.hashes.length, olds[v]?.hashes.length ?? 0) - 1e-9) found.add(v);
    }
    for (const key of prefix(current)) for (const v of byTerm.get(key) ?? []) found.add(v);
    return [...found].sort((x, y) => x - y);
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
