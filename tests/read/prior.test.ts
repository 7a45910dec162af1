// Choosing among the characters a lost byte leaves open: the prior of what guides are written
// with, then Unicode properties, then a fixed tie-break. The cases here are not in the seeds.
import { describe, expect, it } from 'vitest';
import { readGuide } from '../../src/read/index.js';
import { isAcceptable, PRIOR, preference, priorRank } from '../../src/read/prior.js';
import { doubleEncode, shown } from './double-encode.js';

function roundTrip(text: string, codePage: string): string {
  return readGuide(doubleEncode(text, codePage), 'guides/sample.md').text;
}

describe('the prior', () => {
  it('restores the prior’s emoji when a lost byte leaves several emoji open', () => {
    // ðŸ› + a lost byte: 🐛 🍛 🏛 🛁 🛍 🛏 🛐 🛝 … all decode; 🐛 is what guides write.
    expect(roundTrip('## 🐛 Known issues\n', 'cp1252')).toBe('## 🐛 Known issues\n');
    // ğŸ + lost 0x8E + ¯: 🎯 🍯 🏯 🐯 all decode in Windows-1254.
    expect(roundTrip('1. 🎯 Aim high\n', 'cp1254')).toBe('1. 🎯 Aim high\n');
    expect(roundTrip('## 🏠 Home\n', 'cp1252')).toBe('## 🏠 Home\n');
    expect(roundTrip('## 🐍 Python\n', 'cp1254')).toBe('## 🐍 Python\n');
  });

  it('restores box drawing and quotes over rarer symbols with the same bytes', () => {
    // â” + a lost 0x90 at the line's end could be ┐, ━, ┍ … or ❔.
    expect(roundTrip('┌──┐\n└──┘\n', 'cp1252')).toBe('┌──┐\n└──┘\n');
    expect(roundTrip('She said “yes”\n', 'cp1254')).toBe('She said “yes”\n');
  });

  it('matches an entry written with U+FE0F only when U+FE0F follows', () => {
    const building = '🏗'.codePointAt(0) as number;
    expect(priorRank(building, true)).toBeDefined();
    expect(priorRank(building, false)).toBeUndefined();
    expect(priorRank('→'.codePointAt(0) as number, false)).toBeDefined();
    // An arrow is no emoji: a VS16 after it earns no bonus.
    expect(priorRank('→'.codePointAt(0) as number, true)).toBeUndefined();
  });

  it('ranks every entry above every character it does not hold', () => {
    const last = PRIOR[PRIOR.length - 1] as string;
    const lowest = preference(last.codePointAt(0) as number, last.endsWith('\uFE0F'));
    for (const outside of ['🍷', '🐷', '⍿', 'é']) {
      expect(preference(outside.codePointAt(0) as number, false)).toBeLessThan(lowest);
    }
  });

  it('holds no duplicates', () => {
    expect(new Set(PRIOR).size).toBe(PRIOR.length);
  });
});

describe('Unicode properties, when the prior has none of the candidates', () => {
  it('prefers an emoji whose default is text when U+FE0F follows', () => {
    // 🏷️ is F0 9F 8F B7 EF B8 8F: ðŸ·ï¸. 🍷 and 🐷 decode too but are emoji by default.
    const bytes = doubleEncode('## 🏷️ Labels\n', 'cp1252');
    expect(shown(bytes)).toBe('## ðŸ·ï¸ Labels\n');
    expect(roundTrip('## 🏷️ Labels\n', 'cp1252')).toBe('## 🏷️ Labels\n');
  });

  it('prefers an emoji-presentation emoji when no U+FE0F follows', () => {
    // The same ðŸ· without a selector: 🍷 and 🐷 fit, 🏷 would show as text.
    expect(roundTrip('## 🍷 Wine\n', 'cp1252')).toBe('## 🍷 Wine\n');
  });

  it('breaks a tie between equally likely emoji by the lower code point, every time', () => {
    // 🐷 (U+1F437) and 🍷 (U+1F377) read the same; the lower one wins, deterministically.
    expect(roundTrip('## 🐷 Pig\n', 'cp1252')).toBe('## 🍷 Pig\n');
    expect(roundTrip('## 🐷 Pig\n', 'cp1252')).toBe('## 🍷 Pig\n');
  });

  it('prefers a text-default emoji with VS16 over symbols the same bytes make', () => {
    // ❇️ is E2 9D 87 EF B8 8F; â‡ + a lost byte also makes ⇐, an arrow the prior knows.
    expect(roundTrip('## ❇️ New\n', 'cp1252')).toBe('## ❇️ New\n');
    expect(roundTrip('## ☁️ Cloud and ⚙️ settings\n', 'cp1252')).toBe('## ☁️ Cloud and ⚙️ settings\n');
  });

  it('accepts no compatibility character, no letter of another script and no control for a guess', () => {
    expect(isAcceptable(0xfe10, true)).toBe(false); // ︐ presentation form of a comma
    expect(isAcceptable(0x9481, true)).toBe(false); // a CJK ideograph from é’ + a lost byte
    expect(isAcceptable(0x0085, true)).toBe(false);
    expect(isAcceptable(0xe000, false)).toBe(false); // private use, even complete
    expect(isAcceptable(0x1f201, true)).toBe(true); // 🈁 is an emoji, compatibility or not
    expect(isAcceptable(0x9481, false)).toBe(true); // with every byte present anything assigned goes
  });
});
