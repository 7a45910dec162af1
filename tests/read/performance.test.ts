// The read stage runs on every guide at every build: it must stay linear in the file's size,
// mojibake or not, with no regex that backtracks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGuide } from '../../src/read/index.js';
import { utf8 } from './double-encode.js';

/** The best of a few runs, in ms: the least disturbed by whatever else the machine does. */
function timeOf(bytes: Uint8Array, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    readGuide(bytes, 'guides/big.md');
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function repeatTo(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += bytes.length) out.set(bytes.subarray(0, size - at), at);
  // Cut at a line end so no sequence is split.
  return out.subarray(0, out.lastIndexOf(0x0a) + 1);
}

describe('performance', () => {
  const seed = readFileSync(new URL('../../guides/ml-model-serving.md', import.meta.url));

  // Eight times the bytes should take about eight times as long; quadratic work would take 64.
  const LINEAR = 24;

  it('reads a 1 MB double-encoded guide in linear time', () => {
    const eighth = repeatTo(seed, 128 * 1024);
    const whole = repeatTo(seed, 1024 * 1024);
    timeOf(eighth, 1); // warm up
    const small = timeOf(eighth);
    const large = timeOf(whole, 2);
    expect(large).toBeLessThan(Math.max(LINEAR * small, 50));
    expect(large).toBeLessThan(2000);
  });

  // The worst cases: one run a megabyte long, or a quarter of a million runs of one character.
  for (const piece of ['â€', 'Ã ', 'café ']) {
    it(`stays linear on a 1 MB file made of nothing but ${JSON.stringify(piece)}`, () => {
      const make = (n: number) => utf8(`x ${piece.repeat(n)}`);
      const n = Math.floor((1024 * 1024) / utf8(piece).length);
      const small = timeOf(make(n / 8), 3);
      const large = timeOf(make(n), 1);
      expect(large).toBeLessThan(Math.max(LINEAR * small, 50));
      expect(large).toBeLessThan(5000);
    });
  }
});
