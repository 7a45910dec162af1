import { describe, expect, it } from 'vitest';
import { matchGuide, type ScoredEntry, scoreGuide, similarity, wrongBack } from '../../eval/score.mjs';

const entry = (line: number, question: string, answer = 'Because.', unanswered = false): ScoredEntry => ({
  question,
  answer,
  source: { line },
  ...(unanswered ? { unanswered } : {}),
});

describe('eval matching', () => {
  it('reads questions alike through case, marks and a prompt that goes on past the first line', () => {
    expect(similarity('**Why Redis?**', 'why redis')).toBe(1);
    expect(similarity('What is printed?', 'What is printed? console.log(typeof null)')).toBe(0.9);
    expect(similarity('Why Redis?', 'How do you deploy?')).toBeLessThan(0.4);
  });

  it('pairs identical questions by their lines, one to one', () => {
    const truth = [
      { line: 10, question: 'Quelle est la sortie ?', answered: true },
      { line: 30, question: 'Quelle est la sortie ?', answered: true },
    ];
    const match = matchGuide(truth, [
      entry(31, 'Quelle est la sortie ?'),
      entry(10, 'Quelle est la sortie ?'),
    ]);
    expect(match.pairs.map((p) => [p.truth.line, p.entry.source.line])).toEqual([
      [10, 10],
      [30, 31],
    ]);
    expect(scoreGuide(match)).toMatchObject({ recall: 1, precision: 1, wrongBacks: 0 });
  });

  it('counts misses, false questions and questions too far from their line', () => {
    const truth = [
      { line: 5, question: 'What is a bloom filter?', answered: true },
      { line: 40, question: 'Why gRPC?', answered: false },
    ];
    const match = matchGuide(truth, [
      entry(5, 'What is a bloom filter?'),
      entry(20, 'Why gRPC?'),
      entry(50, 'Links'),
    ]);
    const score = scoreGuide(match);
    expect(score).toMatchObject({ truth: 2, found: 3, matched: 1, recall: 0.5 });
    expect(match.misses.map((t) => t.line)).toEqual([40]);
  });

  it('flags an empty back, a back holding the next question, and a back holding the options', () => {
    const truth = [
      { line: 1, question: 'What does the scheduler do first?', answered: true },
      { line: 5, question: 'Which isolation level is the default?', answered: true },
      { line: 9, question: 'What is printed?', answered: true },
      { line: 20, question: 'Why is the sky blue?', answered: true },
    ];
    const match = matchGuide(truth, [
      entry(1, 'What does the scheduler do first?', '', true),
      entry(5, 'Which isolation level is the default?', 'Read committed.\n\nWhat is printed? see below'),
      entry(9, 'What is printed?', '- A: 1\n- B: 2\n\nAnswer: B'),
      entry(20, 'Why is the sky blue?', 'Rayleigh scattering.'),
    ]);
    expect(match.wrong.map((w) => [w.line, w.kind])).toEqual([
      [1, 'empty'],
      [5, 'next question'],
      [9, 'prompt'],
    ]);
    expect(match.flags.map((f) => f.line)).toEqual([1]);
  });

  it('reads labels inside an answer as the answer talking, not as a prompt on the back', () => {
    const t = { line: 1, question: 'How does merge sort run?', answered: true };
    const back = (answer: string) => wrongBack(t, entry(1, t.question, answer), undefined);
    expect(back('Hints:\nSplit in halves.\n\nSolution:\n```py\nsort()\n```')).toBeNull();
    expect(back('T(n) = 2T(n/2) + n\nSolution: T(n) = O(n log n)')).toBeNull();
    expect(back('Three causes:\n   - Solution: add a key')).toBeNull();
    expect(back('```js\nsort()\n```\n\n<details><summary><b>Answer</b></summary>\n\nB')).toBe('prompt');
  });

  it('reads the labels of an answer the guide labelled before its first line as the answer’s own', () => {
    const t = { line: 1, question: 'What to check before scaling out?', answered: true };
    const answer = '**Challenges:**\n\n1. Capacity\n\n**Solution:**\n\nScale in steps.';
    const labelled = ['### What to check before scaling out?', '', '**Answer:**', '', '**Challenges:**'];
    const unlabelled = ['### What to check before scaling out?', '', '**Challenges:**'];
    expect(wrongBack(t, entry(1, t.question, answer), undefined, labelled)).toBeNull();
    expect(wrongBack(t, entry(1, t.question, answer), undefined, unlabelled)).toBe('prompt');
    expect(wrongBack(t, entry(1, t.question, answer), undefined)).toBe('prompt');
  });
});
