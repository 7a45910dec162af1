// The Anki packages in the build: written for every guide and for all of them, tracked like the
// other outputs, byte-identical for the same guides, lock file and SOURCE_DATE_EPOCH, and newer
// exactly where a guide changed, as the lock file records.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';
import { NOTE_TYPE_DATE, NOTE_TYPE_ID } from '../../src/render/apkg/note-type.js';
import { readPackage } from '../../src/render/apkg/package.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SLUGS = ['stash', 'flowmingo'];

function workspace(): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-apkg-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const slug of SLUGS) cpSync(join(ROOT, 'guides', `${slug}.md`), join(guides, `${slug}.md`));
  return { guides, out: join(root, 'out') };
}

const bytesOf = (out: string, path: string) => readFileSync(join(out, path));
const lockOf = (guides: string) => JSON.parse(readFileSync(join(guides, 'studypack.lock.json'), 'utf8'));

const epoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

describe('the Anki packages of a build', () => {
  it('are written for every guide and for all of them, and listed among the outputs', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const ws = workspace();
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.combined).toBe('built');
    const manifest = JSON.parse(readFileSync(join(ws.out, MANIFEST_NAME), 'utf8'));
    let notes = 0;
    for (const slug of SLUGS) {
      expect(manifest.guides[slug].outputs).toContain(`${slug}.apkg`);
      const pack = JSON.parse(bytesOf(ws.out, `${slug}/pack.json`).toString('utf8'));
      const { collection } = await readPackage(bytesOf(ws.out, `${slug}/${slug}.apkg`));
      expect(collection.notes.map((n) => n.guid)).toEqual(pack.entries.map((e: { id: string }) => e.id));
      notes += pack.entries.length;
    }
    const all = await readPackage(bytesOf(ws.out, 'all.apkg'));
    expect(all.collection.notes).toHaveLength(notes);
    expect(all.collection.model.id).toBe(NOTE_TYPE_ID);
    expect(new Set(all.collection.notes.map((n) => all.collection.decks.get(n.deck)))).toEqual(
      new Set(['Interview Prep::Stash', 'Interview Prep::Flowmingo']),
    );
    const lock = lockOf(ws.guides);
    expect(lock.noteType.changed).toBe(NOTE_TYPE_DATE);
    for (const entry of Object.values(lock.projects.stash) as { note: string; changed: number }[]) {
      expect(entry.note).toMatch(/^[0-9a-f]{16}$/);
      expect(entry.changed).toBe(NOTE_TYPE_DATE);
    }
  });

  it('come out byte-identical from a clean rebuild with the same guides, lock file and SOURCE_DATE_EPOCH', async () => {
    process.env.SOURCE_DATE_EPOCH = '1800000000';
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const first = ['all.apkg', 'stash/stash.apkg'].map((path) => bytesOf(ws.out, path));
    const { collection } = await readPackage(first[1] as Buffer);
    expect(collection.notes.every((n) => n.mtime === 1_800_000_000)).toBe(true);
    rmSync(ws.out, { recursive: true });
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 2 });
    const again = ['all.apkg', 'stash/stash.apkg'].map((path) => bytesOf(ws.out, path));
    expect(again.map((b, i) => Buffer.compare(b, first[i] as Buffer))).toEqual([0, 0]);
    // Without the lock too: the same guides and date give the same times.
    rmSync(ws.out, { recursive: true });
    rmSync(join(ws.guides, 'studypack.lock.json'));
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(Buffer.compare(bytesOf(ws.out, 'stash/stash.apkg'), first[1] as Buffer)).toBe(0);
  });

  it('make the note of an edited answer newer and leave every other note as it was', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const before = await readPackage(bytesOf(ws.out, 'stash/stash.apkg'));
    const pack = JSON.parse(bytesOf(ws.out, 'stash/pack.json').toString('utf8'));
    const file = join(ws.guides, 'stash.md');
    const text = readFileSync(file, 'utf8');
    const edited = pack.entries.find((e: { answer: string }) =>
      e.answer.split('\n').some((l) => l.trim().length > 30 && text.split(l).length === 2),
    );
    const line = edited.answer
      .split('\n')
      .find((l: string) => l.trim().length > 30 && text.split(l).length === 2);
    writeFileSync(file, text.replace(line, `${line} Measured again last week.`));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.find((g) => g.slug === 'stash')?.rewritten).toContain('stash/stash.apkg');
    const after = await readPackage(bytesOf(ws.out, 'stash/stash.apkg'));
    const times = (p: typeof before) => new Map(p.collection.notes.map((n) => [n.guid, n.mtime]));
    const [t0, t1] = [times(before), times(after)];
    expect(t1.get(edited.id)).toBe((t0.get(edited.id) ?? 0) + 1);
    for (const [guid, time] of t0) if (guid !== edited.id) expect(t1.get(guid)).toBe(time);
    expect(lockOf(ws.guides).projects.stash[edited.id].changed).toBe(NOTE_TYPE_DATE + 1);
    // The combined package carries the new time too.
    const all = await readPackage(bytesOf(ws.out, 'all.apkg'));
    expect(all.collection.notes.find((n) => n.guid === edited.id)?.mtime).toBe(NOTE_TYPE_DATE + 1);
  });

  it('are removed with their pack when its guide is deleted and the build prunes', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    rmSync(join(ws.guides, 'flowmingo.md'));
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1, prune: true });
    expect(existsSync(join(ws.out, 'flowmingo', 'flowmingo.apkg'))).toBe(false);
    const all = await readPackage(bytesOf(ws.out, 'all.apkg'));
    expect(new Set(all.collection.notes.map((n) => all.collection.decks.get(n.deck)))).toEqual(
      new Set(['Interview Prep::Stash']),
    );
  });

  it('bring out/all.apkg back when only it is missing, with every guide unchanged', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const first = bytesOf(ws.out, 'all.apkg');
    rmSync(join(ws.out, 'all.apkg'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.map((g) => g.status)).toEqual(['unchanged', 'unchanged']);
    expect(report.combined).toBe('built');
    expect(Buffer.compare(bytesOf(ws.out, 'all.apkg'), first)).toBe(0);
  });

  it('give a lock written before packages the hash and time of every note and of the note type', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const lock = lockOf(ws.guides);
    delete lock.noteType;
    for (const entries of Object.values(lock.projects) as Record<string, Record<string, unknown>>[]) {
      for (const entry of Object.values(entries)) {
        delete entry.note;
        delete entry.changed;
      }
    }
    writeFileSync(join(ws.guides, 'studypack.lock.json'), JSON.stringify(lock));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1, force: true });
    expect(report.diagnostics).toEqual([]);
    const after = lockOf(ws.guides);
    expect(after.noteType.changed).toBeGreaterThanOrEqual(NOTE_TYPE_DATE);
    for (const entry of Object.values(after.projects.flowmingo) as { changed: number }[]) {
      expect(entry.changed).toBeGreaterThanOrEqual(NOTE_TYPE_DATE);
    }
  });

  it('are not loaded by a build with nothing to do', () => {
    const ws = workspace();
    const cli = join(ROOT, 'dist', 'cli.js');
    const probe = join(ws.guides, '..', 'probe.mjs');
    writeFileSync(
      probe,
      [
        "import { createRequire } from 'node:module';",
        "process.on('exit', () => {",
        '  const cache = createRequire(import.meta.url).cache;',
        "  const loaded = Object.keys(cache).filter((p) => p.includes('sql.js')).length;",
        "  process.stderr.write('sql.js modules loaded: ' + loaded + '\\n');",
        '});',
      ].join('\n'),
    );
    const run = () =>
      spawnSync(
        process.execPath,
        ['--import', probe, cli, 'build', '--guides', ws.guides, '--out', ws.out, '-j', '1'],
        {
          encoding: 'utf8',
        },
      ).stderr;
    expect(run()).toMatch(/sql\.js modules loaded: [1-9]/);
    const noop = run();
    expect(noop).toMatch(/0 built, 2 unchanged/);
    expect(noop).toContain('sql.js modules loaded: 0');
  });
});
