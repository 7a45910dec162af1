// Atomic writes: a pack's files are replaced together or not at all, and no temp file is left.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceAll, writeFileAtomic } from '../../src/build/atomic.js';

describe('atomic writes', () => {
  it('replace a file in one step and leave no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    writeFileSync(join(dir, 'a.json'), 'old');
    expectReplaced(dir);
  });

  it('leave every old file in place when one file of a pack cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    writeFileSync(join(dir, 'pack.json'), 'old pack');
    writeFileSync(join(dir, 'deck.csv'), 'old deck');
    const files = new Map<string, string>([
      ['pack.json', 'new pack'],
      ['deck.csv', 'new deck'],
      ['no-such-folder/sheet.pdf', 'cannot be written'],
    ]);
    expect(() => replaceAll(dir, files)).toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'pack.json'), 'utf8')).toBe('old pack');
    expect(readFileSync(join(dir, 'deck.csv'), 'utf8')).toBe('old deck');
    expect(readdirSync(dir).sort()).toEqual(['deck.csv', 'pack.json']);
  });

  it('replace all files of a pack when every one can be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    replaceAll(
      dir,
      new Map([
        ['pack.json', 'p'],
        ['deck.csv', 'd'],
      ]),
    );
    expect(readFileSync(join(dir, 'pack.json'), 'utf8')).toBe('p');
    expect(readdirSync(dir).sort()).toEqual(['deck.csv', 'pack.json']);
  });
});

function expectReplaced(dir: string): void {
  writeFileAtomic(join(dir, 'a.json'), 'new');
  expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new');
  expect(readdirSync(dir)).toEqual(['a.json']);
}
