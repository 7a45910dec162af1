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

  // Cutting a word into lines looks only at the part of it that could fit the line; once it
  // listed and measured the whole rest of the word for every line, and a 20,000-character
  // question took 27 s through the cheat sheet and the summary card.
  it('measures four times as much for a word four times as long, not sixteen', () => {
    const short = charsMeasuredFor('x'.repeat(1000));
    const long = charsMeasuredFor('x'.repeat(4000));
    expect(long / short).toBeLessThan(6);
  });

  it('cuts a 200,000-character word measuring each character a few times at most', () => {
    expect(charsMeasuredFor('x'.repeat(200_000)) / 200_000).toBeLessThan(20);
  });
});
