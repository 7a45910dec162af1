// Entries remembered from an earlier build (--watch) give the same pack as entries derived anew,
// and an edited entry is derived again.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { packFromBytes } from '../../src/build/pack.js';
import { rememberEntries } from '../../src/normalize/index.js';
import { keepParts } from '../../src/parse/index.js';

const guidesDir = new URL('../../guides/', import.meta.url);
const packOf = (text: string, file: string) => packFromBytes(Buffer.from(text, 'utf8'), { file }).pack;

afterEach(() => {
  rememberEntries(false);
  keepParts(false);
});

describe('entries remembered between builds', () => {
  it('give every seed the pack it gets in a fresh process, before and after an edit', () => {
    for (const name of readdirSync(guidesDir).filter((n) => n.endsWith('.md'))) {
      const file = `guides/${name}`;
      const text = readFileSync(new URL(name, guidesDir), 'utf8');
      // Answers of the second half reworded: what a user does between two builds.
      const half = text.indexOf('\n', text.length / 2);
      const edited = text.slice(0, half) + text.slice(half).replaceAll(' the ', ' the very ');
      expect(edited, name).not.toBe(text);
      const fresh = [packOf(text, file), packOf(edited, file)];
      rememberEntries();
      keepParts();
      const warm = [packOf(text, file), packOf(text, file), packOf(edited, file), packOf(edited, file)];
      rememberEntries(false);
      keepParts(false);
      expect(warm[0], name).toEqual(fresh[0]);
      expect(warm[1], name).toEqual(fresh[0]);
      expect(warm[2], name).toEqual(fresh[1]);
      expect(warm[3], name).toEqual(fresh[1]);
    }
  });
});
