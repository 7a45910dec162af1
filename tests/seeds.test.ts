// The five seed guides are the product's own content: exact counts, exact questions, no mojibake.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../src/model.js';
import { validatePack } from '../src/schema.js';
import { SEEDS, seedPack } from './helpers.js';

const COUNTS: Record<string, [number, number]> = {
  podscribe: [43, 3],
  stash: [9, 0],
  bytescribe: [11, 0],
  'ml-model-serving': [22, 0],
  flowmingo: [27, 9],
};
const MOJIBAKE = /â€|Ã|ðŸ|ğŸ|â†|â”|\uFFFD/;

describe('seed guides', () => {
  const packs = Object.fromEntries(SEEDS.map((s) => [s, seedPack(s)]));

  it('gives exactly 112 entries across the five seeds', () => {
    expect(SEEDS.reduce((n, s) => n + (packs[s]?.entries.length ?? 0), 0)).toBe(112);
  });

  for (const slug of SEEDS) {
    const [total, followUps] = COUNTS[slug] ?? [0, 0];
    it(`finds ${total} questions in ${slug}, ${followUps} of them follow-ups`, () => {
      const pack = packs[slug];
      expect(pack?.entries).toHaveLength(total);
      expect(pack?.entries.filter((e) => e.followUpOf !== null)).toHaveLength(followUps);
    });

    it(`gives every entry of ${slug} a question, an answer, a gist, a category and a unique id, and most a key term`, () => {
      const pack = validatePack(packs[slug]);
      const ids = new Set(pack.entries.map((e) => e.id));
      expect(ids.size).toBe(pack.entries.length);
      for (const e of pack.entries) {
        expect(e.question.length, e.question).toBeGreaterThan(10);
        expect(e.answer, e.question).toMatch(/\w{3,}.*\s\w+/);
        expect(e.gist.length, e.question).toBeGreaterThan(15);
        expect(e.gist.length, e.question).toBeLessThanOrEqual(220);
        // A key term is found in the entry's own words, verbatim (a guide's own list aside).
        for (const t of /Key terms:/i.test(readFileSync(`guides/${slug}.md`, 'utf8')) ? [] : e.keyTerms) {
          expect(`${e.question}\n${e.answer}`.replace(/[*_`]/g, ''), t).toContain(t.replace(/[*_`]/g, ''));
        }
        expect(CATEGORY_IDS).toContain(e.category);
        expect(e.id).toMatch(/^sp-[a-z2-7]{13}$/);
        expect(e.source.line).toBeGreaterThan(0);
      }
      // No term is better than a wrong one, but a guide's answers mostly name something.
      const withTerms = pack.entries.filter((e) => e.keyTerms.length > 0).length;
      expect(withTerms / pack.entries.length).toBeGreaterThanOrEqual(0.8);
    });

    it(`writes clean question text for ${slug}: no quotes, bold markers, Q3: prefixes or numbering`, () => {
      for (const e of packs[slug]?.entries ?? []) {
        expect(e.question).not.toMatch(/^["“'*_]|["”*_]$|^Q\d+[:.]|^\d+\.\s|^\*\*/);
      }
    });

    it(`leaves no mojibake in any text of ${slug}`, () => {
      const pack = packs[slug];
      // Diagnostics quote the damaged text on purpose; everything else must be clean.
      expect(JSON.stringify({ ...pack, diagnostics: [] })).not.toMatch(MOJIBAKE);
    });
  }

  it('reads PodScribe: quoted headings, a bold pitch question and three follow-ups', () => {
    const p = packs.podscribe;
    expect(p?.project.title).toBe('PodScribe');
    expect(p?.project.pitch).toMatch(
      /^PodScribe is a mobile app I built that transcribes any podcast episode/,
    );
    expect(p?.entries[0]?.question).toBe('Tell me about this project.');
    expect(p?.entries[0]?.section).toBe('The Elevator Pitch');
    const arch = p?.entries.find((e) => e.question === 'Walk me through the architecture.');
    expect(arch?.section).toBe('System Design Questions');
    expect(arch?.category).toBe('architecture');
    const downsides = p?.entries.find((e) => e.question === 'What are the downsides of React Native?');
    expect(downsides?.followUpOf).toBe(
      p?.entries.find((e) => e.question.startsWith('Why Expo/React Native'))?.id,
    );
    expect(
      p?.entries.find((e) => e.question === 'Tell me about a bug that was hard to find.')?.category,
    ).toBe('debugging');
    expect(p?.facts.find((f) => f.label === 'GPU used')?.value).toBe('NVIDIA A10G, 24GB VRAM');
    expect(p?.facts.find((f) => f.label === 'Mobile app')).toMatchObject({ value: 'Expo / React Native' });
    // The interviewer-questions list at the end is advice, not entries.
    expect(p?.entries.some((e) => e.question.includes('on-call rotation'))).toBe(false);
  });

  it('reads Stash: the interviewer line is the question, the Part heading the section', () => {
    const s = packs.stash;
    expect(s?.project.title).toBe('Stash');
    expect(s?.entries[0]?.question).toMatch(
      /^I see in api\/config\.py you’re manually loading YTDLP_COOKIES_1/,
    );
    expect(s?.entries[0]?.section).toBe('The GitHub "Code Probe"');
    expect(s?.entries[0]?.answer).toMatch(/^"You're 100% right—it is a cat-and-mouse game/);
    const broken = s?.entries.find((e) => e.question.startsWith("You're asleep at 3:00 AM"));
    expect(broken?.section).toBe('Observability & Monitoring');
    expect(broken?.category).toBe('reliability');
    expect(s?.entries.some((e) => /If they find a bug/.test(e.question))).toBe(false);
  });

  it('reads ByteScribe: Q0: prefixes, answers with their own sub-headings, the guide’s key terms', () => {
    const b = packs.bytescribe;
    expect(b?.project.title).toBe('ByteScribe');
    expect(b?.entries[0]?.question).toBe(
      'Platforms like LeetCode, GeeksForGeeks, InterviewBit already exist. Why build another one?',
    );
    expect(b?.entries[0]?.answer).toContain('### 2. Existing Platforms Are Siloed');
    expect(b?.entries[0]?.answer).not.toContain('Key terms');
    expect(b?.entries[0]?.keyTerms).toEqual([
      'Portfolio project',
      'system design demonstration',
      'full-stack engineering',
      'trade-off awareness',
    ]);
    expect(b?.entries.filter((e) => e.keyTerms.length > 0 && e.answer.includes('Key terms'))).toHaveLength(0);
    expect(b?.entries[10]?.keyTerms).toContain('APM');
    expect(b?.entries.some((e) => /How to Use This/.test(e.question))).toBe(false);
  });

  it('reads ML Model Serving: a generic H1, bold Q-numbered headings, emoji sections', () => {
    const m = packs['ml-model-serving'];
    expect(m?.project.title).toBe('ML Model Serving Platform');
    expect(m?.entries[0]?.question).toBe('Tell me about your ML Model Serving Platform.');
    expect(m?.entries[3]?.section).toBe('Architecture & Design');
    expect(m?.entries[21]?.question).toBe('Why should we hire you for this backend role?');
    expect(
      m?.entries.find((e) => e.question === 'How do you prevent common security vulnerabilities?')?.category,
    ).toBe('security');
    expect(
      m?.entries.find((e) => e.question.startsWith('How did you design your database'))?.answer,
    ).toContain('→');
  });

  it('reads Flowmingo: quoted headings, bold quoted questions and "If they ask" follow-ups', () => {
    const f = packs.flowmingo;
    expect(f?.project.title).toBe('Flowmingo');
    expect(f?.entries[0]?.question).toBe('Tell me about yourself');
    expect(f?.entries[0]?.category).toBe('behavioral');
    const rabbit = f?.entries.find((e) => e.question === 'Why RabbitMQ over Kafka?');
    expect(rabbit?.section).toBe('BullMQ & Duplicate Processing');
    expect(rabbit?.followUpOf).toBe(
      f?.entries.find((e) => e.question === 'What was the most interesting technical problem?')?.id,
    );
    expect(f?.entries.filter((e) => e.section === 'LLM Integration' && e.followUpOf)).toHaveLength(2);
  });
});
