// Atomic writes: a pack's files are replaced together or not at all, and no temp file is left.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceAll, TempFile, writeFileAtomic } from '../../src/build/atomic.js';

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

  it('rename a temp file written piece by piece into place with the other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    writeFileSync(join(dir, 'all.pdf'), 'old');
    const pdf = new TempFile(join(dir, 'all.pdf'));
    const pieces = Array.from({ length: 5000 }, (_, i) => `piece ${i}\n`);
    for (const piece of pieces) pdf.write(piece);
    pdf.write(Buffer.alloc(100_000, 120));
    // Until it is renamed, the final name still holds the old file.
    expect(readFileSync(join(dir, 'all.pdf'), 'utf8')).toBe('old');
    replaceAll(
      dir,
      new Map<string, string | TempFile>([
        ['all.csv', 'deck'],
        ['all.pdf', pdf],
      ]),
    );
    expect(readFileSync(join(dir, 'all.pdf'), 'utf8')).toBe(`${pieces.join('')}${'x'.repeat(100_000)}`);
    expect(readdirSync(dir).sort()).toEqual(['all.csv', 'all.pdf']);
  });

  it('remove a temp file written piece by piece when another file of the set cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    writeFileSync(join(dir, 'all.pdf'), 'old');
    const pdf = new TempFile(join(dir, 'all.pdf'));
    pdf.write('new');
    const files = new Map<string, string | TempFile>([
      ['no-such-folder/all.csv', 'cannot be written'],
      ['all.pdf', pdf],
    ]);
    expect(() => replaceAll(dir, files)).toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'all.pdf'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['all.pdf']);
  });

  it('refuse a temp file written for another name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-atomic-'));
    const pdf = new TempFile(join(dir, 'a.pdf'));
    expect(() => replaceAll(dir, new Map([['b.pdf', pdf]]))).toThrow(/written for/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

function expectReplaced(dir: string): void {
  writeFileAtomic(join(dir, 'a.json'), 'new');
  expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new');
  expect(readdirSync(dir)).toEqual(['a.json']);
}
