// How much measuring the PDF line breaker does for one long unbreakable word (a URL, a hash, a
// base64 blob pasted into a question or a fact): counted, not timed, so the test is the same on
// any machine. Work that grows with the word's length is fine; with its square, it is not.
import { describe, expect, it, vi } from 'vitest';
import { paragraph } from '../../src/layout/blocks.js';

const measured = { chars: 0 };

vi.mock('../../src/layout/shape.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/layout/shape.js')>();
  return {
    ...original,
    probeWidth: (...args: Parameters<typeof original.probeWidth>) => {
      measured.chars += args[1].length;
      return original.probeWidth(...args);
    },
    textWidth: (...args: Parameters<typeof original.textWidth>) => {
      measured.chars += args[1].length;
      return original.textWidth(...args);
    },
  };
});

function charsMeasuredFor(word: string): number {
  measured.chars = 0;
  paragraph([{ text: word }], 150, { size: 7, leading: 8.7, color: '#000000' });
  return measured.chars;
}

describe('line breaking a long word', () => {
  it('breaks a 4,000-character word into lines that each fit', () => {
    const lines = paragraph([{ text: 'x'.repeat(4000) }], 150, { size: 7, leading: 8.7, color: '#000000' });
    expect(lines.length).toBeGreaterThan(50);
  });

  // Bug in src/layout/linebreak.ts (splitWord): for every line of a word longer than a line, the
  // cut points of the whole rest of the word are listed and prefixes of up to the whole rest are
  // measured, so the work grows with the square of the word's length: 10,000 characters take
  // about 0.8 s per paragraph, a 20,000-character question 27 s through the cheat sheet and the
  // summary card, and a 200,000-character one would hold a build for hours.
  it.fails('measures four times as much for a word four times as long, not sixteen', () => {
    const short = charsMeasuredFor('x'.repeat(1000));
    const long = charsMeasuredFor('x'.repeat(4000));
    expect(long / short).toBeLessThan(6);
  });
});
