// out/.manifest.json: one line per entry, sorted, read back as written; a manifest of format 1
// is still read, and a damaged one means "build everything".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emptyManifest,
  hashBytes,
  MANIFEST_NAME,
  type Manifest,
  readManifest,
  serializeManifest,
} from '../../src/build/manifest.js';

function manifest(): Manifest {
  return {
    version: 2,
    config: 'c'.repeat(32),
    combined: 'd'.repeat(32),
    guides: {
      stash: {
        file: 'guides/stash.md',
        input: hashBytes('stash'),
        config: 'c'.repeat(32),
        outputs: ['stash.summary.pdf', 'pack.json'],
        card: { key: hashBytes('pack'), level: 1, size: 9.75 },
        entries: {
          'sp-bbbbbbbbbbbbb': { q: 'Why "Redis" — and not: Postgres?', a: hashBytes('b') },
          'sp-aaaaaaaaaaaaa': { q: 'How does it work?', a: hashBytes('a') },
        },
      },
      alpha: {
        file: 'guides/alpha.md',
        input: hashBytes('a'),
        config: 'c'.repeat(32),
        outputs: [],
        entries: {},
      },
    },
    skipped: {},
  };
}

function written(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'studypack-manifest-'));
  writeFileSync(join(dir, MANIFEST_NAME), text);
  return dir;
}

describe('the manifest', () => {
  it('writes each entry on one line, the answer hash before the question, keys sorted', () => {
    const text = serializeManifest(manifest());
    expect(text).toContain(`"sp-aaaaaaaaaaaaa": "${hashBytes('a')} How does it work?",\n`);
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"stash"'));
    expect(text.indexOf('sp-aaaa')).toBeLessThan(text.indexOf('sp-bbbb'));
    expect(JSON.parse(text).version).toBe(2);
  });

  it('reads back what it wrote', () => {
    const read = readManifest(written(serializeManifest(manifest())));
    expect(read).toEqual({
      ...manifest(),
      guides: {
        ...manifest().guides,
        stash: { ...manifest().guides.stash, outputs: ['pack.json', 'stash.summary.pdf'] },
      },
    });
    expect(serializeManifest(read)).toBe(serializeManifest(manifest()));
  });

  it('reads a manifest of format 1, an object per entry, as the same manifest', () => {
    const m = manifest();
    const old = JSON.stringify({
      ...m,
      version: 1,
      guides: { stash: { ...m.guides.stash, card: undefined } },
    });
    const read = readManifest(written(old));
    expect(read.version).toBe(1);
    expect(read.guides.stash?.entries).toEqual(m.guides.stash?.entries);
    expect(serializeManifest(read)).toContain(`"${hashBytes('b')} Why \\"Redis\\" — and not: Postgres?"`);
  });

  it('means "build everything" when it is damaged or of an unknown format', () => {
    expect(readManifest(written('{"version": 2, "config": 1'))).toEqual(emptyManifest());
    expect(readManifest(written('{"version": 3, "config": "", "guides": {}}'))).toEqual(emptyManifest());
    const bad = JSON.parse(serializeManifest(manifest()));
    bad.guides.stash.entries['sp-aaaaaaaaaaaaa'] = 'not a hash';
    expect(readManifest(written(JSON.stringify(bad)))).toEqual(emptyManifest());
    for (const entries of [['a'], null, { 'sp-aaaaaaaaaaaaa': 7 }]) {
      bad.guides.stash.entries = entries;
      expect(readManifest(written(JSON.stringify(bad)))).toEqual(emptyManifest());
    }
  });

  it('means "build everything" when any field is not as written, and keeps what it does not know out', () => {
    const sound = JSON.parse(serializeManifest(manifest()));
    sound.guides.stash.stamps = { 'pack.json': `${hashBytes('p')} 120 1700000000000.5` };
    sound.combinedStamps = { 'all.anki.csv': `${hashBytes('c')} 9 1700000000000` };
    sound.extra = 'not ours';
    const read = readManifest(written(JSON.stringify(sound)));
    expect(read.guides.stash?.stamps).toEqual({
      'pack.json': { hash: hashBytes('p'), size: 120, mtime: 1700000000000.5 },
    });
    expect(read.combinedStamps?.['all.anki.csv']?.size).toBe(9);
    expect(read).not.toHaveProperty('extra');
    const breakers: ((m: typeof sound) => void)[] = [
      (m) => {
        m.guides.stash.card.level = 1.5;
      },
      (m) => {
        m.guides.stash.card.size = '9.75';
      },
      (m) => {
        m.guides.stash.stamps['pack.json'] = 'not a stamp';
      },
      (m) => {
        m.guides.stash.stamps['../pack.json'] = m.guides.stash.stamps['pack.json'];
      },
      (m) => {
        m.combinedStamps['../all.anki.csv'] = m.combinedStamps['all.anki.csv'];
      },
      (m) => {
        m.guides.stash.outputs = 'pack.json';
      },
      (m) => {
        m.guides.alpha.file = 7;
      },
      (m) => {
        m.combined = null;
      },
      (m) => {
        m.skipped = { '../x': { file: 'x.md', input: 'i', config: 'c' } };
      },
      (m) => {
        m.skipped = { empty: { file: 'empty.md', input: 'i' } };
      },
    ];
    for (const [i, breakIt] of breakers.entries()) {
      const broken = structuredClone(sound);
      breakIt(broken);
      expect(readManifest(written(JSON.stringify(broken))), `breaker ${i}`).toEqual(emptyManifest());
    }
    // An entry id that would set the prototype of the entries object is refused, not obeyed.
    const proto = serializeManifest(manifest()).replace('"sp-aaaaaaaaaaaaa"', '"__proto__"');
    expect(readManifest(written(proto))).toEqual(emptyManifest());
  });

  it('means "build everything" when a slug or an output name in it is a path', () => {
    const text = serializeManifest(manifest());
    for (const [from, to] of [
      ['"stash": {', '"../victim": {'],
      ['"stash": {', '"/etc": {'],
      ['"stash": {', '"": {'],
      ['"pack.json"', '"../../victim/pack.json"'],
      ['"pack.json"', '"sub/pack.json"'],
      ['"pack.json"', '".."'],
      ['"pack.json"', '"."'],
    ]) {
      expect(text).toContain(from as string);
      expect(readManifest(written(text.replace(from as string, to as string))), to).toEqual(emptyManifest());
    }
  });
});
