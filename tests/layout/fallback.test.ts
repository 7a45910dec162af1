import { describe, expect, it } from 'vitest';
import { codePointName, fallbackRuns } from '../../src/layout/fallback.js';
import { isFaceLoaded } from '../../src/layout/fonts.js';

describe('fallbackRuns', () => {
  it("keeps plain ASCII in one run of the style's face", () => {
    expect(fallbackRuns('plain text', { bold: true })).toEqual([{ face: 'sans-bold', text: 'plain text' }]);
    expect(fallbackRuns('x = 1', { mono: true })).toEqual([{ face: 'mono', text: 'x = 1' }]);
  });

  it('prints arrows, approximations, multiplication and box drawing with DejaVu', () => {
    expect(fallbackRuns('a → b ≈ 2 × 3 ─┌┐└┘│', {})).toEqual([
      { face: 'sans', text: 'a → b ≈ 2 × 3 ─┌┐└┘│' },
    ]);
  });

  it('takes emoji from Noto Emoji, even those DejaVu also draws as text', () => {
    expect(fallbackRuns('done ✅ ❌ 🚀', {})).toEqual([
      { face: 'sans', text: 'done ' },
      { face: 'emoji', text: '✅' },
      { face: 'sans', text: ' ' },
      { face: 'emoji', text: '❌' },
      { face: 'sans', text: ' ' },
      { face: 'emoji', text: '🚀' },
    ]);
  });

  it('keeps a ZWJ sequence and its variation selector together in the emoji face', () => {
    const family = '👨\u200d👩\u200d👧';
    expect(fallbackRuns(family, {})).toEqual([{ face: 'emoji', text: family }]);
    expect(fallbackRuns('☑\ufe0f', {})).toEqual([{ face: 'emoji', text: '☑\ufe0f' }]);
  });

  it('never prints a lone variation selector, zero-width joiner or control character', () => {
    const runs = fallbackRuns('a\ufe0f\u200db\u0007c', {});
    expect(runs.map((r) => r.text).join('')).toBe('abc');
  });

  it('loads the CJK face only when a text needs it', () => {
    fallbackRuns('no Chinese here → ✅', {});
    expect(isFaceLoaded('cjk')).toBe(false);
    expect(fallbackRuns('数据库', {})).toEqual([{ face: 'cjk', text: '数据库' }]);
    expect(isFaceLoaded('cjk')).toBe(true);
  });

  it('sets bold Chinese in the bold CJK face, so a question stands out from its answer', () => {
    expect(fallbackRuns('如何处理迁移？', { bold: true })).toEqual([
      { face: 'cjk-bold', text: '如何处理迁移？' },
    ]);
    expect(fallbackRuns('如何处理迁移？', {})).toEqual([{ face: 'cjk', text: '如何处理迁移？' }]);
  });

  it('reports a character no font has and leaves it out', () => {
    const missing: number[] = [];
    const runs = fallbackRuns('a\u{f0000}b', {}, (cp) => missing.push(cp));
    expect(runs.map((r) => r.text).join('')).toBe('ab');
    expect(missing.map(codePointName)).toEqual(['U+F0000']);
  });
});
