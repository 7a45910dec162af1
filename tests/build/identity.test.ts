import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findIdCollisions } from '../../src/build/identity/collisions.js';
import {
  fingerprintAnswer,
  parseSketch,
  questionSimilarity,
  sketchSimilarity,
} from '../../src/build/identity/fingerprint.js';
import {
  emptyLock,
  type IdentityLock,
  LOCK_FILE_NAME,
  type LockEntry,
  lockEntryFor,
  lockFromPacks,
  retainProjects,
} from '../../src/build/identity/lock.js';
import {
  lockPathFor,
  parseLock,
  readLockFile,
  serializeLock,
  writeLockFile,
} from '../../src/build/identity/lock-file.js';
import {
  judgePair,
  pairFeatures,
  pairsToJudge,
  reconcileIds,
  THRESHOLDS,
} from '../../src/build/identity/reconcile.js';
import type { Entry } from '../../src/model.js';
import { entryId, normalizeQuestion } from '../../src/normalize/id.js';
import { makePack } from '../render/anki-factory.js';

/** Real questions and answers from the seed guides (podscribe, ml-model-serving). */
interface Seed {
  slug: string;
  question: string;
  section: string;
  answer: string;
}
const SEED = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/anki-identity/seed-entries.json'), 'utf8'),
) as Seed[];
const PRINT = process.env.PRINT_SCORES === '1';

/** Builds entries the way the normalize stage does: fresh ids from slug and normalized question. */
function build(seeds: Seed[]): Entry[] {
  return seeds.map((s, i) => ({
    id: entryId(s.slug, normalizeQuestion(s.question)),
    question: s.question,
    prompt: '',
    answer: s.answer,
    answered: true,
    gist: '',
    keyTerms: [],
    category: 'architecture',
    section: s.section,
    followUpOf: null,
    source: { file: `guides/${s.slug}.md`, line: i + 1 },
  }));
}

function guide(slug: string): Seed[] {
  return SEED.filter((s) => s.slug === slug);
}

function seedByQuestion(question: string): Seed {
  const found = SEED.find((s) => s.question === question);
  if (!found) throw new Error(`no seed question '${question}'`);
  return found;
}

/** First build of a guide: no lock yet. */
function firstBuild(slug: string, seeds: Seed[] = guide(slug)) {
  return reconcileIds(slug, build(seeds), emptyLock());
}

function replace(seeds: Seed[], question: string, change: Partial<Seed>): Seed[] {
  return seeds.map((s) => (s.question === question ? { ...s, ...change } : s));
}

// ---- answer edits a user makes --------------------------------------------------------------

const EDITS: Record<string, (answer: string) => string> = {
  unchanged: (a) => a,
  'paragraph added': (a) =>
    `${a}\n\nLooking back, I would also add alerting on failed jobs so that I hear about problems before users do.`,
  'numbers and words changed': (a) =>
    a
      .replace(/\d+/, (n) => String(Number(n) + 7))
      .replace(/\bthe\b/, 'our')
      .replace(/\bI\b/, 'we'),
  'last lines dropped': (a) => {
    const lines = a.split('\n');
    return lines.slice(0, Math.max(3, Math.ceil(lines.length * 0.6))).join('\n');
  },
  'reformatted as bullets': (a) =>
    a
      .split(/(?<=\.)\s+/)
      .map((s) => `- ${s.replace(/^[>\s"-]+/, '')}`)
      .join('\n'),
};

/** How users reword questions of the seed guides. */
const REWORDINGS: [string, string][] = [
  ['Walk me through the architecture.', 'Can you walk me through the overall architecture of PodScribe?'],
  [
    'How does the transcription pipeline work end to end?',
    'Explain the transcription pipeline from start to finish.',
  ],
  ['How would you scale this to 1 million users?', 'How would you scale PodScribe to a million users?'],
  [
    'Why polling instead of WebSockets/Server-Sent Events?',
    'Why did you choose polling over WebSockets or SSE?',
  ],
  [
    "What happens if Modal's webhook goes down or the job fails?",
    'What if the Modal webhook is down or a transcription job fails?',
  ],
  ['Why Supabase instead of Firebase?', 'Why did you pick Supabase over Firebase?'],
  [
    'Why WhisperX over the OpenAI Whisper API?',
    "Why run WhisperX yourself rather than calling OpenAI's Whisper API?",
  ],
  [
    'Why UUIDs instead of auto-increment integer IDs?',
    'Why use UUID primary keys and not auto-incrementing integers?',
  ],
  ['Explain your database schema.', 'Describe the database schema.'],
  [
    'Explain Row Level Security and how you used it.',
    'What is Row Level Security, and where did you use it?',
  ],
  ['Tell me about a bug that was hard to find.', "What's the hardest bug you had to track down?"],
  ['How much does it cost to run this?', 'What does it cost to run PodScribe each month?'],
  ['How would you monetize this?', 'How would you make money from this app?'],
  ['Why Deno for Edge Functions instead of Node.js?', 'Why Deno and not Node.js for the Edge Functions?'],
  [
    "Why TanStack Query AND Zustand? Isn't that redundant?",
    "Isn't using both TanStack Query and Zustand redundant?",
  ],
  ['Why PostgreSQL over MongoDB?', 'Why did you go with PostgreSQL rather than MongoDB?'],
  [
    'How do you handle authentication and authorization?',
    'How does auth work: authentication and authorization?',
  ],
  [
    'A user reports predictions are slow. How do you debug?',
    'Predictions are slow for a user: how would you debug it?',
  ],
];

/** Light rewordings whose question alone is enough, even with a rewritten answer. */
const LIGHT_REWORDINGS = new Set([
  'How would you scale PodScribe to a million users?',
  'Why did you pick Supabase over Firebase?',
  'Describe the database schema.',
  'What is Row Level Security, and where did you use it?',
  'What does it cost to run PodScribe each month?',
  'Why Deno and not Node.js for the Edge Functions?',
  "Isn't using both TanStack Query and Zustand redundant?",
  'Why did you go with PostgreSQL rather than MongoDB?',
  'Predictions are slow for a user: how would you debug it?',
  "Why run WhisperX yourself rather than calling OpenAI's Whisper API?",
  'What if the Modal webhook is down or a transcription job fails?',
]);

const REWRITTEN_ANSWER =
  'Short version: it was the pragmatic choice for a solo developer on a free tier. I weighed cost, the time ' +
  'to learn it, and how hard it would be to move away later, and picked the option I could ship this month.';

/** Pairs of different questions a user might write, delete or add in one edit: never the same card. */
const DIFFERENT: [string, string][] = [
  ['What was the hardest part of building this?', 'What was the easiest part of building this?'],
  ['Why Supabase instead of Firebase?', 'Why Supabase instead of PlanetScale?'],
  [
    'How do you handle authentication and authorization?',
    'How do you handle rate limiting and authorization?',
  ],
  ['How would you scale this to 1 million users?', 'How would you scale the database to 1 million rows?'],
  ['Why Modal.com instead of AWS Lambda or a dedicated GPU server?', 'Why Modal.com instead of Replicate?'],
  ['How does Podcast Index authentication work?', 'How does Supabase authentication work?'],
  ['What would you do differently if you started over?', 'What would you keep the same if you started over?'],
];

describe('reconcileIds', () => {
  it('gives every entry its fresh id on a first build and records each in the lock', () => {
    const { entries, lock, pairings, retired } = firstBuild('podscribe');
    expect(entries.map((e) => e.id)).toEqual(build(guide('podscribe')).map((e) => e.id));
    expect(Object.keys(lock.projects.podscribe ?? {}).sort()).toEqual(entries.map((e) => e.id).sort());
    expect(pairings).toEqual([]);
    expect(retired).toEqual([]);
  });

  it('keeps every id after an answer edit', () => {
    const first = firstBuild('podscribe');
    const edited = guide('podscribe').map((s, i) => ({
      ...s,
      answer: i % 2 ? `${s.answer}\n\nMore.` : 'Rewritten.',
    }));
    const second = reconcileIds('podscribe', build(edited), first.lock);
    expect(second.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(second.pairings).toEqual([]);
  });

  it('keeps ids with their questions after two questions swap places', () => {
    const seeds = guide('podscribe');
    const first = firstBuild('podscribe', seeds);
    const swapped = [...seeds];
    [swapped[0], swapped[5]] = [swapped[5] as Seed, swapped[0] as Seed];
    const second = reconcileIds('podscribe', build(swapped), first.lock);
    const idOf = (r: typeof first, q: string) => r.entries.find((e) => e.question === q)?.id;
    for (const s of seeds) expect(idOf(second, s.question)).toBe(idOf(first, s.question));
    expect(second.pairings).toEqual([]);
  });

  it('keeps the old id when one question is reworded, and says so', () => {
    const [oldQ, newQ] = REWORDINGS[0] as [string, string];
    const first = firstBuild('podscribe');
    const oldId = first.entries.find((e) => e.question === oldQ)?.id;
    const second = reconcileIds(
      'podscribe',
      build(replace(guide('podscribe'), oldQ, { question: newQ })),
      first.lock,
    );
    expect(second.entries.find((e) => e.question === newQ)?.id).toBe(oldId);
    expect(second.pairings).toHaveLength(1);
    expect(second.pairings[0]?.message).toBe(
      `kept id ${oldId} of '${oldQ}' for reworded question '${newQ}' (answer-unchanged)`,
    );
    expect(second.lock.projects.podscribe?.[oldId ?? '']?.question).toBe(newQ);
  });

  it('keeps the id on later builds without pairing again', () => {
    const [oldQ, newQ] = REWORDINGS[0] as [string, string];
    const first = firstBuild('podscribe');
    const reworded = replace(guide('podscribe'), oldQ, { question: newQ });
    const second = reconcileIds('podscribe', build(reworded), first.lock);
    const third = reconcileIds('podscribe', build(reworded), second.lock);
    expect(third.entries.map((e) => e.id)).toEqual(second.entries.map((e) => e.id));
    expect(third.pairings).toEqual([]);
    expect(serializeLock(third.lock)).toBe(serializeLock(second.lock));
  });

  it('keeps the id across a rewording and an answer edit in the same build', () => {
    const [oldQ, newQ] = REWORDINGS[3] as [string, string];
    const first = firstBuild('podscribe');
    const seed = seedByQuestion(oldQ);
    const edited = replace(guide('podscribe'), oldQ, {
      question: newQ,
      answer: EDITS['paragraph added']?.(seed.answer) ?? '',
    });
    const second = reconcileIds('podscribe', build(edited), first.lock);
    expect(second.entries.find((e) => e.question === newQ)?.id).toBe(
      first.entries.find((e) => e.question === oldQ)?.id,
    );
    expect(second.pairings[0]?.reason).toBe('answer-similar');
  });

  it('points follow-ups at the kept id of a reworded parent', () => {
    const [oldQ, newQ] = REWORDINGS[5] as [string, string];
    const withChild = (seeds: Seed[], parentQ: string) => {
      const entries = build([
        ...seeds,
        {
          slug: 'podscribe',
          question: 'When would you choose Firebase?',
          section: 'Tech Stack Choice Questions',
          answer: 'Offline-first apps with complex sync and push notifications.',
        },
      ]);
      const parent = entries.find((e) => e.question === parentQ);
      const child = entries.at(-1);
      if (child && parent) child.followUpOf = parent.id;
      return entries;
    };
    const first = reconcileIds('podscribe', withChild(guide('podscribe'), oldQ), emptyLock());
    const second = reconcileIds(
      'podscribe',
      withChild(replace(guide('podscribe'), oldQ, { question: newQ }), newQ),
      first.lock,
    );
    const parentId = first.entries.find((e) => e.question === oldQ)?.id;
    expect(second.entries.find((e) => e.question === newQ)?.id).toBe(parentId);
    expect(second.entries.at(-1)?.followUpOf).toBe(parentId);
  });

  describe('with recurring follow-ups, whose fresh ids include the parent question', () => {
    const supabase = 'Why Supabase instead of Firebase?';
    const modal = 'Why Modal.com instead of AWS Lambda or a dedicated GPU server?';
    const example = 'Can you give an example?';
    const examples: Record<string, string> = {
      [supabase]:
        'The jobs query: all transcription jobs of a user in status processing, ordered by created_at.',
      [modal]: 'A one-hour episode takes five to ten minutes of GPU time, about two or three cents on Modal.',
    };
    /** The guide with an "example" follow-up under two parents, ids made as the normalize stage does. */
    function withExamples(rewordings: Record<string, string>, order = [supabase, modal]): Entry[] {
      const seeds = guide('podscribe').map((s) => ({ ...s, question: rewordings[s.question] ?? s.question }));
      const entries = build(seeds);
      for (const original of order) {
        const parent = entries.find((e) => e.question === (rewordings[original] ?? original));
        if (!parent) throw new Error(`no ${original}`);
        entries.push({
          ...parent,
          id: entryId('podscribe', normalizeQuestion(parent.question), normalizeQuestion(example)),
          question: example,
          answer: examples[original] ?? '',
          followUpOf: parent.id,
        });
      }
      return entries;
    }
    const exampleIds = (r: { entries: Entry[] }) =>
      r.entries.filter((e) => e.question === example).map((e) => [e.id, e.followUpOf, e.answer]);

    it('keeps each follow-up id when one parent is reworded', () => {
      for (const order of [
        [supabase, modal],
        [modal, supabase],
      ]) {
        const first = reconcileIds('podscribe', withExamples({}, order), emptyLock());
        const rewordings: Record<string, string>[] = [
          { [supabase]: 'Why did you pick Supabase over Firebase?' },
          { [modal]: 'Why Modal and not AWS Lambda or a GPU server?' },
        ];
        for (const rewording of rewordings) {
          const second = reconcileIds('podscribe', withExamples(rewording, order), first.lock);
          expect(exampleIds(second)).toEqual(exampleIds(first));
        }
      }
    });

    it('keeps each follow-up id when both parents are reworded in one build', () => {
      const both = {
        [supabase]: 'Why did you pick Supabase over Firebase?',
        [modal]: 'Why Modal and not AWS Lambda?',
      };
      for (const order of [
        [supabase, modal],
        [modal, supabase],
      ]) {
        const first = reconcileIds('podscribe', withExamples({}, order), emptyLock());
        const second = reconcileIds('podscribe', withExamples(both, order), first.lock);
        expect(exampleIds(second)).toEqual(exampleIds(first));
      }
    });
  });

  it('gives a genuinely new question a new id and retires the deleted one', () => {
    const seeds = guide('podscribe');
    const first = firstBuild('podscribe', seeds);
    const deleted = 'What was the hardest part of building this?';
    const added: Seed = {
      slug: 'podscribe',
      question: 'What was the easiest part of building this?',
      section: seedByQuestion(deleted).section,
      answer:
        'The mobile UI: Expo Router and NativeWind made screens quick to build, and TanStack Query handled caching.',
    };
    const second = reconcileIds(
      'podscribe',
      build([...seeds.filter((s) => s.question !== deleted), added]),
      first.lock,
    );
    const oldId = first.entries.find((e) => e.question === deleted)?.id;
    expect(second.entries.find((e) => e.question === added.question)?.id).not.toBe(oldId);
    expect(second.pairings).toEqual([]);
    expect(second.retired.map((r) => r.id)).toEqual([oldId]);
    expect(second.lock.projects.podscribe?.[oldId ?? '']).toBeUndefined();
  });

  it('gives a re-added old question a new id when its old id went to the rewording', () => {
    const [oldQ, newQ] = REWORDINGS[8] as [string, string];
    const first = firstBuild('podscribe');
    const oldId = first.entries.find((e) => e.question === oldQ)?.id;
    const reworded = replace(guide('podscribe'), oldQ, { question: newQ });
    const second = reconcileIds('podscribe', build(reworded), first.lock);
    const readded = [
      ...reworded,
      { ...seedByQuestion(oldQ), answer: 'A second, different card about the schema.' },
    ];
    const third = reconcileIds('podscribe', build(readded), second.lock);
    expect(third.entries.find((e) => e.question === newQ)?.id).toBe(oldId);
    const newId = third.entries.find((e) => e.question === oldQ)?.id;
    expect(newId).not.toBe(oldId);
    expect(newId).toMatch(/^sp-[a-z2-7]{8,}$/);
    expect(new Set(third.entries.map((e) => e.id)).size).toBe(third.entries.length);
  });

  it('leaves the other projects of the lock untouched', () => {
    const pod = firstBuild('podscribe');
    const ml = reconcileIds('ml-model-serving', build(guide('ml-model-serving')), pod.lock);
    expect(ml.lock.projects.podscribe).toEqual(pod.lock.projects.podscribe);
    expect(Object.keys(ml.lock.projects).sort()).toEqual(['ml-model-serving', 'podscribe']);
  });

  it('pairs each real rewording of the seed questions, with the answer unchanged or edited', () => {
    const table: string[] = [];
    for (const [oldQ, newQ] of REWORDINGS) {
      const seed = seedByQuestion(oldQ);
      const first = firstBuild(seed.slug);
      const oldId = first.entries.find((e) => e.question === oldQ)?.id;
      for (const [editName, edit] of Object.entries(EDITS)) {
        const changed = replace(guide(seed.slug), oldQ, { question: newQ, answer: edit(seed.answer) });
        const second = reconcileIds(seed.slug, build(changed), first.lock);
        const pairing = second.pairings[0];
        table.push(
          `${String(pairing?.answerSimilarity ?? '-').padEnd(4)} ${String(pairing?.questionSimilarity ?? '-').padEnd(4)} ${editName.padEnd(26)} ${newQ}`,
        );
        expect(second.entries.find((e) => e.question === newQ)?.id, `${newQ} / ${editName}`).toBe(oldId);
        expect(second.pairings).toHaveLength(1);
      }
    }
    if (PRINT) console.log(`answer question edit\n${table.join('\n')}`);
  });

  it('pairs a light rewording on the question alone when the answer was rewritten too', () => {
    const table: string[] = [];
    for (const [oldQ, newQ] of REWORDINGS) {
      const seed = seedByQuestion(oldQ);
      const first = firstBuild(seed.slug);
      const oldId = first.entries.find((e) => e.question === oldQ)?.id;
      const changed = replace(guide(seed.slug), oldQ, { question: newQ, answer: REWRITTEN_ANSWER });
      const second = reconcileIds(seed.slug, build(changed), first.lock);
      const paired = second.entries.find((e) => e.question === newQ)?.id === oldId;
      table.push(
        `${questionSimilarity(oldQ, newQ, seed.slug).toFixed(2)} ${paired ? 'paired' : 'new id'} ${newQ}`,
      );
      expect(paired, newQ).toBe(LIGHT_REWORDINGS.has(newQ));
    }
    if (PRINT) console.log(`question similarity with answer rewritten\n${table.join('\n')}`);
  });

  it('never pairs two different questions of the seed guides with each other', () => {
    let worstQuestion = 0;
    let worstAnswer = 0;
    for (const slug of ['podscribe', 'ml-model-serving']) {
      const seeds = guide(slug);
      for (const a of seeds) {
        for (const b of seeds) {
          if (a === b) continue;
          const old = lockEntryFor(build([a])[0] as Entry);
          const now = lockEntryFor(build([b])[0] as Entry);
          expect(judgePair(old, now, slug), `${a.question} / ${b.question}`).toBeNull();
          worstQuestion = Math.max(worstQuestion, questionSimilarity(a.question, b.question, slug));
          worstAnswer = Math.max(worstAnswer, sketchSimilarity(old.sketch, now.sketch));
        }
      }
    }
    if (PRINT)
      console.log(
        `closest different questions: question ${worstQuestion.toFixed(2)}, answer ${worstAnswer.toFixed(2)}`,
      );
    expect(worstQuestion).toBeLessThan(THRESHOLDS.question);
    expect(worstAnswer).toBeLessThan(THRESHOLDS.answerWithQuestion);
  });

  it('does not pair a deleted question with a different one written in its place', () => {
    for (const [deleted, added] of DIFFERENT) {
      const seed = SEED.find((s) => s.question === deleted) ?? {
        ...seedByQuestion('How would you monetize this?'),
        question: deleted,
      };
      const others = guide('podscribe').filter((s) => s.question !== deleted);
      const first = firstBuild('podscribe', [...others, seed]);
      const replacement: Seed = { ...seed, question: added, answer: REWRITTEN_ANSWER };
      const second = reconcileIds('podscribe', build([...others, replacement]), first.lock);
      expect(second.pairings, `${deleted} → ${added}`).toEqual([]);
      if (PRINT)
        console.log(
          `${questionSimilarity(deleted, added, 'podscribe').toFixed(2)} not paired: ${deleted} → ${added}`,
        );
    }
  });

  it('pairs each vanished question with at most one new one, the closest', () => {
    const [oldQ, newQ] = REWORDINGS[5] as [string, string];
    const first = firstBuild('podscribe');
    const seed = seedByQuestion(oldQ);
    const twins = [
      { ...seed, question: newQ },
      {
        ...seed,
        question: 'Why Supabase and not Firebase for this app?',
        answer: `${seed.answer}\n\nAnd pricing.`,
      },
    ];
    const second = reconcileIds(
      'podscribe',
      build([...guide('podscribe').filter((s) => s !== seed), ...twins]),
      first.lock,
    );
    expect(second.pairings).toHaveLength(1);
    expect(second.pairings[0]?.newQuestion).toBe(newQ);
    expect(new Set(second.entries.map((e) => e.id)).size).toBe(second.entries.length);
  });
});

describe('the lock file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function tempProject(): { guides: string; out: string } {
    const root = mkdtempSync(join(tmpdir(), 'studypack-identity-'));
    dirs.push(root);
    return { guides: join(root, 'guides'), out: join(root, 'out') };
  }

  it('is written with sorted keys, one entry per few lines and a trailing newline', () => {
    const { lock } = firstBuild('podscribe', guide('podscribe').slice(0, 3));
    const text = serializeLock(lock);
    expect(text.endsWith('}\n')).toBe(true);
    const ids = [...text.matchAll(/^ {6}"(sp-[a-z2-7]+)": \{$/gm)].map((m) => m[1]);
    expect(ids).toEqual([...ids].sort());
    expect(text.split('\n').length).toBeLessThan(3 * 7 + 8);
    const first = JSON.parse(text).projects.podscribe[ids[0] ?? ''];
    expect(Object.keys(first)).toEqual(['question', 'section', 'answer', 'sketch']);
    expect(parseLock(text)).toEqual({ lock, problems: [] });
  });

  it('keeps a sketch short: at most 32 hashes per entry, ascending, in 172 characters of base64', () => {
    const long = fingerprintAnswer(SEED.map((s) => s.answer).join('\n'));
    const hashes = parseSketch(long.sketch);
    expect(hashes).toHaveLength(32);
    expect(hashes).toEqual([...hashes].sort((a, b) => a - b));
    expect(long.sketch).toMatch(/^[A-Za-z0-9+/]{171}=$/);
    expect(long.answer).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it('reads a lock of format 1 (hex sketches) as the same lock, and writes it in format 2', () => {
    const { lock } = firstBuild('podscribe', guide('podscribe').slice(0, 4));
    const hex = (sketch: string) =>
      parseSketch(sketch)
        .map((h) => h.toString(16).padStart(8, '0'))
        .join(' ');
    const data = JSON.parse(serializeLock(lock));
    expect(data.version).toBe(2);
    data.version = 1;
    for (const entry of Object.values(data.projects.podscribe) as { sketch: string }[])
      entry.sketch = hex(entry.sketch);
    const old = `${JSON.stringify(data, null, 2)}\n`;
    expect(old).toMatch(/"sketch": "[0-9a-f]{8} [0-9a-f]{8} /);
    const read = parseLock(old);
    expect(read.problems).toEqual([]);
    expect(read.lock.projects).toEqual(lock.projects);
    expect(serializeLock(read.lock)).toBe(serializeLock(lock));
  });

  it('pairs a rewording the same way from a lock of format 1', () => {
    const [oldQ, newQ] = REWORDINGS[1] as [string, string];
    const first = firstBuild('podscribe');
    const data = JSON.parse(serializeLock(first.lock));
    data.version = 1;
    for (const entry of Object.values(data.projects.podscribe) as { sketch: string }[])
      entry.sketch = parseSketch(entry.sketch)
        .map((h) => h.toString(16).padStart(8, '0'))
        .join(' ');
    const { lock } = parseLock(JSON.stringify(data));
    const second = reconcileIds(
      'podscribe',
      build(replace(guide('podscribe'), oldQ, { question: newQ })),
      lock,
    );
    expect(second.pairings.map((p) => p.id)).toEqual([first.entries.find((e) => e.question === oldQ)?.id]);
  });

  it('names a sketch that is not whole base64 hashes as invalid', () => {
    const { lock } = firstBuild('podscribe', guide('podscribe').slice(0, 2));
    const data = JSON.parse(serializeLock(lock));
    const [goodId, badId] = Object.keys(data.projects.podscribe);
    data.projects.podscribe[badId ?? ''].sketch = 'AAAA';
    const { lock: read, problems } = parseLock(JSON.stringify(data));
    expect(Object.keys(read.projects.podscribe ?? {})).toEqual([goodId]);
    expect(problems).toEqual([
      `entry "${badId}" of project "podscribe" has an invalid sketch; it was left out`,
    ]);
  });

  it('survives deleting out/: ids come back from the lock beside the guides', () => {
    const { guides, out } = tempProject();
    const [oldQ, newQ] = REWORDINGS[1] as [string, string];
    const first = firstBuild('podscribe');
    const lockPath = lockPathFor(mkGuides(guides));
    expect(readLockFile(lockPath).exists).toBe(false);
    writeLockFile(readLockFile(lockPath), first.lock);
    mkdirSync(join(out, 'podscribe'), { recursive: true });
    writeFileSync(join(out, 'podscribe', 'pack.json'), JSON.stringify(makePack(first.entries)));
    rmSync(out, { recursive: true, force: true });
    const reread = readLockFile(lockPath);
    expect(reread.problems).toEqual([]);
    const second = reconcileIds(
      'podscribe',
      build(replace(guide('podscribe'), oldQ, { question: newQ })),
      reread.lock,
    );
    expect(second.entries.find((e) => e.question === newQ)?.id).toBe(
      first.entries.find((e) => e.question === oldQ)?.id,
    );
  });

  it('is not rewritten when nothing changed', () => {
    const { guides } = tempProject();
    const path = join(mkGuides(guides), LOCK_FILE_NAME);
    const { lock } = firstBuild('podscribe');
    expect(writeLockFile(readLockFile(path), lock).written).toBe(true);
    expect(writeLockFile(readLockFile(path), lock).written).toBe(false);
  });

  it('reports unreadable JSON, starts fresh, and keeps the broken file beside the new one', () => {
    const { guides } = tempProject();
    const path = join(mkGuides(guides), LOCK_FILE_NAME);
    writeFileSync(path, '{ "version": 1, "projects": { "podscribe": ');
    const state = readLockFile(path);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]).toMatch(/^it is not valid JSON/);
    expect(state.lock).toEqual(emptyLock());
    const result = writeLockFile(state, firstBuild('podscribe').lock);
    expect(result.keptBrokenAs).toMatch(/studypack\.lock\.json\.broken-[0-9a-f]{8}$/);
    expect(readFileSync(result.keptBrokenAs ?? '', 'utf8')).toBe(
      '{ "version": 1, "projects": { "podscribe": ',
    );
    expect(readLockFile(path).problems).toEqual([]);
    expect(readdirSync(guides).sort()).toEqual(
      [LOCK_FILE_NAME, result.keptBrokenAs?.split('/').at(-1)].sort(),
    );
  });

  it('names merge-conflict markers as the problem', () => {
    const text = serializeLock(firstBuild('podscribe').lock).replace(
      '\n  "projects"',
      '\n<<<<<<< HEAD\n  "projects"',
    );
    expect(parseLock(text).problems[0]).toMatch(/merge-conflict markers/);
  });

  it('keeps the valid entries of a partly broken lock and names the bad ones', () => {
    const lock = firstBuild('podscribe', guide('podscribe').slice(0, 2)).lock;
    const data = JSON.parse(serializeLock(lock));
    const [goodId, badId] = Object.keys(data.projects.podscribe);
    data.projects.podscribe[badId ?? ''].answer = 'md5:nope';
    data.projects.podscribe['not-an-id'] = data.projects.podscribe[goodId ?? ''];
    data.projects['Bad Slug'] = {};
    const { lock: read, problems } = parseLock(JSON.stringify(data));
    expect(Object.keys(read.projects.podscribe ?? {})).toEqual([goodId]);
    expect(problems).toEqual([
      `entry "${badId}" of project "podscribe" has an invalid answer; it was left out`,
      'entry "not-an-id" of project "podscribe" has an invalid id; it was left out',
      'project "Bad Slug" is not a valid slug; it was left out',
    ]);
  });

  it('names the first invalid field of an entry, and leaves out a note type that is not a hash and a time', () => {
    const lock = firstBuild('podscribe', guide('podscribe').slice(0, 1)).lock;
    const data = JSON.parse(serializeLock(lock));
    const [id = ''] = Object.keys(data.projects.podscribe);
    const sound = data.projects.podscribe[id];
    const cases: [Record<string, unknown>, string][] = [
      [{ ...sound, question: '' }, 'question'],
      [{ ...sound, section: 3 }, 'section'],
      [{ ...sound, note: 'xyz', changed: 5 }, 'note'],
      [{ ...sound, note: 'a'.repeat(16), changed: -1 }, 'changed'],
      [{ ...sound, note: 'a'.repeat(16), changed: 1.5 }, 'changed'],
      [{ ...sound, sketch: 'not base64!' }, 'sketch'],
      [{ ...sound, question: '', sketch: 'not base64!' }, 'question'],
      ['a string', 'fields'],
    ];
    for (const [entry, field] of cases) {
      data.projects.podscribe[id] = entry;
      expect(parseLock(JSON.stringify(data)).problems).toEqual([
        `entry "${id}" of project "podscribe" has an invalid ${field}; it was left out`,
      ]);
    }
    data.projects.podscribe[id] = { ...sound, note: 'a'.repeat(16), changed: 7, extra: true };
    expect(parseLock(JSON.stringify(data)).lock.projects.podscribe?.[id]).toEqual({
      ...sound,
      note: 'a'.repeat(16),
      changed: 7,
    });
    data.noteType = { hash: 'b'.repeat(16), changed: 3 };
    expect(parseLock(JSON.stringify(data)).lock.noteType).toEqual({ hash: 'b'.repeat(16), changed: 3 });
    data.noteType = { hash: 'b'.repeat(16), changed: '3' };
    const read = parseLock(JSON.stringify(data));
    expect(read.lock.noteType).toBeUndefined();
    expect(read.problems).toEqual(['"noteType" is not a hash and a time; it was left out']);
  });

  it('reads who has each slug, leaving out and naming an owner that is not a slug with file and asked', () => {
    const data = JSON.parse(serializeLock(emptyLock()));
    data.slugs = {
      'my-guide': { file: 'My Guide.md', asked: 'my-guide' },
      '../up': { file: 'up.md', asked: 'up' },
      other: { file: '', asked: 'other' },
    };
    const { lock, problems } = parseLock(JSON.stringify(data));
    expect(lock.slugs).toEqual({ 'my-guide': { file: 'My Guide.md', asked: 'my-guide' } });
    expect(problems).toEqual([
      'the owner of slug "../up" is not a slug with "file" and "asked"; it was left out',
      'the owner of slug "other" is not a slug with "file" and "asked"; it was left out',
    ]);
    expect(parseLock(serializeLock(lock))).toEqual({ lock, problems: [] });
  });

  it('refuses a lock of another version without guessing', () => {
    expect(parseLock('{"version":3,"projects":{}}').problems).toEqual([
      'its version is 3, this studypack reads versions 1 and 2',
    ]);
    expect(parseLock('[]').problems[0]).toMatch(/not a JSON object/);
  });

  it('can be rebuilt from the packs of a previous build', () => {
    const { entries, lock } = firstBuild('podscribe');
    const pack = makePack(entries);
    expect(serializeLock(lockFromPacks([pack]))).toBe(serializeLock(lock));
  });

  it('drops projects whose guide was deleted only when asked', () => {
    const lock: IdentityLock = reconcileIds(
      'ml-model-serving',
      build(guide('ml-model-serving')),
      firstBuild('podscribe').lock,
    ).lock;
    expect(Object.keys(retainProjects(lock, ['podscribe']).projects)).toEqual(['podscribe']);
  });
});

describe('findIdCollisions', () => {
  it('finds nothing in the seed packs', () => {
    const packs = ['podscribe', 'ml-model-serving'].map((slug) =>
      makePack(firstBuild(slug).entries, { slug, title: slug, source: `guides/${slug}.md` }),
    );
    expect(findIdCollisions(packs)).toEqual([]);
  });

  it('names every place an id is used more than once, across packs', () => {
    const [a, b] = firstBuild('podscribe').entries;
    if (!a || !b) throw new Error('seed too small');
    const packs = [
      makePack([a, b]),
      makePack([{ ...a, question: 'Copied' }], { slug: 'copy', title: 'Copy' }),
    ];
    expect(findIdCollisions(packs)).toEqual([
      {
        id: a.id,
        places: [
          { slug: 'podscribe', question: a.question, file: a.source.file, line: a.source.line },
          { slug: 'copy', question: 'Copied', file: a.source.file, line: a.source.line },
        ],
      },
    ]);
  });
});

function mkGuides(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('the candidates of a rewording', () => {
  /** Rewordings of a question as people make them: a word dropped, two dropped, one added, reordered. */
  const QUESTION_EDITS: ((q: string) => string)[] = [
    (q) => q.split(' ').slice(1).join(' '),
    (q) => q.split(' ').slice(0, -2).join(' '),
    (q) => `${q} exactly`,
    (q) => q.split(' ').reverse().join(' '),
  ];

  it('holds every pair that judgePair accepts, and far fewer than all pairs', () => {
    const olds = SEED.map((s) => lockEntryFor(build([s])[0] as Entry));
    const news: LockEntry[] = [];
    SEED.forEach((s, k) => {
      for (const [e, edit] of QUESTION_EDITS.entries()) {
        const answer = Object.values(EDITS)[(k + e) % Object.keys(EDITS).length]?.(s.answer) ?? s.answer;
        // Every other one moved to another section, where only its answer can pair it.
        const section = (k + e) % 2 === 0 ? s.section : 'Elsewhere';
        news.push(lockEntryFor({ ...(build([s])[0] as Entry), question: edit(s.question), answer, section }));
      }
    });
    const found = pairsToJudge(
      news.map((e) => pairFeatures(e)),
      olds.map((e) => pairFeatures(e)),
    );
    let accepted = 0;
    let judged = 0;
    news.forEach((now, i) => {
      const candidates = new Set(found[i]);
      judged += candidates.size;
      olds.forEach((old, v) => {
        if (!judgePair(old, now)) return;
        accepted++;
        expect(candidates.has(v), `${old.question} → ${now.question}`).toBe(true);
      });
    });
    expect(accepted).toBeGreaterThan(news.length / 2);
    expect(judged).toBeLessThan((news.length * olds.length) / 5);
  });
});
