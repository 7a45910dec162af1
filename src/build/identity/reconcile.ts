// Entry identity across edits: each entry of a guide gets the id the lock file remembers for it,
// so a reworded question keeps its id (the Anki GUID) and its review history.
import type { Entry } from '../../model.js';
import { entryId, normalizeQuestion } from '../../normalize/id.js';
import { parseSketch, questionSimilarity, sameSection, sketchSimilarity } from './fingerprint.js';
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
