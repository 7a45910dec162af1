// The layout's caches are bounded: a process that lays out a thousand guides keeps what it uses
// again and lets the rest go.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../src/cache.js';

describe('a bounded cache', () => {
  it('holds at most twice its limit and keeps the newest entries', () => {
    const cache = new BoundedCache<number, string>(100);
    for (let i = 0; i < 1000; i++) cache.set(i, String(i));
    const kept = Array.from({ length: 1000 }, (_, i) => i).filter((i) => cache.get(i) !== undefined);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept).toContain(999);
    expect(cache.get(0)).toBeUndefined();
  });

  it('keeps an entry that is used again while others come and go', () => {
    const cache = new BoundedCache<string, number>(10);
    cache.set('space', 1);
    for (let i = 0; i < 1000; i++) {
      cache.set(`word ${i}`, i);
      expect(cache.get('space')).toBe(1);
    }
  });

  it('weighs entries by the given measure', () => {
    const cache = new BoundedCache<string, string>(1000, (key) => key.length);
    const texts = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(600));
    for (const text of texts) cache.set(text, text.slice(0, 1));
    // 3,000 characters for a limit of 1,000: the oldest went, the newest stayed.
    expect(cache.get(texts[0] ?? '')).toBeUndefined();
    expect(cache.get(texts[4] ?? '')).toBe('e');
  });
});
