import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  gistMatchesLabel,
  gistRuleBroken,
  type Label,
  type LabelledEntry,
  labelFloor,
  labelsBelow,
  matchLabels,
  scoreLabels,
  termAccepted,
} from '../../eval/labels.mjs';
import { CATEGORY_IDS } from '../../src/model.js';

const entry = (line: number, over: Partial<LabelledEntry> = {}): LabelledEntry => ({
  question: 'Why Redis?',
  gist: 'Redis keeps the sessions in memory.',
  keyTerms: ['Redis'],
  category: 'tech-choices',
  answered: true,
  source: { line },
  ...over,
});

const label = (line: number, over: Partial<Label> = {}): Label => ({
  line,
  category: 'tech-choices',
  also: ['data'],
  terms: ['Redis', 'session store'],
  gist: { any: ['in memory'] },
  ...over,
});

describe('eval labels', () => {
  it('accepts a term through case, code marks and a plural, never a word split from a longer term', () => {
    expect(termAccepted('`redis`', ['Redis'])).toBe(true);
    expect(termAccepted('session stores', ['session store'])).toBe(true);
    expect(termAccepted('KEY', ['PRIMARY KEY'])).toBe(false);
  });

  it('holds gists to the written rules: labels, announcements, quiz options, cuts, unanswered', () => {
    expect(gistRuleBroken(entry(1))).toBeNull();
    expect(gistRuleBroken(entry(1, { gist: 'How to answer: start with the goal.' }))).toBe('label');
    expect(gistRuleBroken(entry(1, { gist: 'Great question, here is the plan.' }))).toBe('announcement');
    expect(gistRuleBroken(entry(1, { gist: 'Three reasons:' }))).toBe('announcement');
    expect(gistRuleBroken(entry(1, { gist: 'A: 1 B: 2 C: 3' }))).toBe('quiz options');
    const answer = 'Redis keeps the sessions in memory, with a TTL.';
    expect(gistRuleBroken(entry(1, { answer, gist: 'Redis keeps the sessions in mem' }))).toBe(
      'cut without …',
    );
    expect(gistRuleBroken(entry(1, { answer, gist: 'Redis keeps the sessions in mem…' }))).toBeNull();
    expect(gistRuleBroken(entry(1, { answered: false, gist: 'TODO' }))).toBe('unanswered with a gist');
    expect(gistRuleBroken(entry(1, { answered: false, gist: '' }))).toBeNull();
  });

  it('wants the right option and its text from a quiz gist', () => {
    const quiz = { option: 'D', text: '`undefined` et `ReferenceError`' };
    expect(gistMatchesLabel('D: `undefined` et `ReferenceError`', quiz)).toBe(true);
    expect(gistMatchesLabel('B: `Lydia` et `ReferenceError`', quiz)).toBe(false);
    expect(
      gistMatchesLabel('any reads or writes of the variable', { option: null, text: 'any reads or writes' }),
    ).toBe(true);
  });

  it('pairs labels with the nearest entry within three lines and scores the four figures', () => {
    const labels = [label(10), label(40, { category: 'security', also: [] }), label(90)];
    const entries = [entry(11, { keyTerms: ['Redis', 'They'] }), entry(40, { gist: 'Answer: B' }), entry(80)];
    const match = matchLabels(labels, entries);
    expect(match.unmatched.map((l) => l.line)).toEqual([90]);
    expect(scoreLabels(match)).toMatchObject({
      matched: 2,
      terms: 3,
      termsAccepted: 2,
      withTerms: 2,
      categoryOk: 1,
      gistOk: 1,
    });
  });

  it('keeps the four labelled figures in the floor and names each one that falls below it', () => {
    const now = { termPrecision: 0.90512, withTerms: 0.7828, categories: 0.8416, gists: 0.9864 };
    const floor = labelFloor(now);
    expect(floor).toEqual({ termPrecision: 0.9051, withTerms: 0.7828, categories: 0.8416, gists: 0.9864 });
    expect(labelsBelow(now, floor)).toEqual([]);
    expect(labelsBelow({ ...now, termPrecision: 0.85, gists: Number.NaN }, floor)).toEqual([
      'key-term precision 0.850 < 0.9051',
      'gist acceptance 0.000 < 0.9864',
    ]);
    // An old floor without the labelled figures checks none of them.
    expect(labelsBelow({ ...now, categories: 0 }, { recall: 0.99 })).toEqual([]);
  });

  it('labels at least 200 entries of at least 12 corpus guides, with categories of the taxonomy', () => {
    const { guides } = JSON.parse(readFileSync('tests/eval/labels.json', 'utf8')) as {
      guides: Record<string, Label[]>;
    };
    const all = Object.values(guides).flat();
    expect(Object.keys(guides).length).toBeGreaterThanOrEqual(12);
    expect(all.length).toBeGreaterThanOrEqual(200);
    for (const l of all) {
      expect(l.terms.length + (l.gist.empty ? 1 : 0)).toBeGreaterThan(0);
      for (const c of [l.category, ...l.also]) expect(CATEGORY_IDS).toContain(c);
    }
  });
});
