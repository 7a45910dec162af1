// What a question keeps of its heading: emoji that decorate it go, emoji that say something stay.
import { describe, expect, it } from 'vitest';
import { packOf } from '../helpers.js';

describe('questions', () => {
  it('drop the emoji around a heading and keep those inside it', () => {
    const pack = packOf(
      '# Deploys\n\n## 🧪 Why did the deploy ✅ pass but the canary ❌ fail? 🔥\n\nThe flags were swapped.\n',
    );
    expect(pack.entries.map((e) => e.question)).toEqual([
      'Why did the deploy ✅ pass but the canary ❌ fail?',
    ]);
  });

  it('read a plain "Interviewer:" label as a speaker, but not prose that starts with the word', () => {
    const pack = packOf(
      [
        '# Ledger',
        '',
        '## Stories',
        '',
        'Interviewer: Tell me about a time you disagreed with your manager.',
        '',
        'My manager wanted to ship without reconciliation jobs.',
        '',
        'The interviewer pushed back: they wanted numbers, not feelings.',
        '',
        'So I showed that 0.3% of transfers drifted.',
        '',
      ].join('\n'),
    );
    expect(pack.entries.map((e) => e.question)).toEqual([
      'Tell me about a time you disagreed with your manager.',
    ]);
    expect(pack.entries[0]?.answer).toContain('they wanted numbers');
  });
});
