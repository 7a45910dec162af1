// A guide without questions (a README, a notes file, a guide emptied for a rewrite) is skipped
// with a warning: no pack is made of it, the other guides build, and the build succeeds.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';

const GOOD = '# Good\n\n## "Why is this guide fine?"\n\nBecause it has a question and an answer.\n';
const OTHER = '# Other\n\n## "What does the other guide ask?"\n\nSomething else entirely.\n';
const PROSE = '# Notes\n\n## Architecture\n\nJust prose, no question.\n';

function workspace(files: Record<string, string>): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-skip-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(guides, name), data);
  return { guides, out: join(root, 'out') };
}

/** Every file of a pack folder with its bytes and modification time. */
function packFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => {
        const path = join(dir, name);
        return [name, `${statSync(path).mtimeMs} ${readFileSync(path).toString('base64')}`];
      }),
  );
}

describe('guides without questions', () => {
  it('skips a guide without questions with a warning, writes nothing for it, and builds the others', async () => {
    const ws = workspace({ 'good.md': GOOD, 'notes.md': PROSE });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.ok).toBe(true);
    expect(report.guides.map((g) => [g.slug, g.status])).toEqual([
      ['good', 'built'],
      ['notes', 'skipped'],
    ]);
    const notes = report.guides[1];
    expect(notes?.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'no-questions', severity: 'warning', line: 1, column: 1 }),
    );
    expect(notes?.diagnostics.some((d) => d.severity === 'error')).toBe(false);
    expect(notes?.outputs).toEqual([]);
    expect(existsSync(join(ws.out, 'notes'))).toBe(false);
    const all = readFileSync(join(ws.out, 'all.anki.csv'), 'utf8');
    expect(all).toContain('studypack::good');
    expect(all).not.toContain('studypack::notes');
  });

  it('skips a README.md and a notes file among the guides, never failing the build', async () => {
    const ws = workspace({
      'README.md': '# Interview guides\n\nOne file per project. Build them with `npm start`.\n',
      'good.md': GOOD,
      'todo.notes.md': '- read about CRDTs\n- practise the pitch\n',
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.ok).toBe(true);
    expect(report.guides.map((g) => g.status)).toEqual(['skipped', 'built', 'skipped']);
    expect(readdirSync(ws.out).sort()).toEqual([
      '.manifest.json',
      'all.anki.csv',
      'all.apkg',
      'all.summary.pdf',
      'good',
    ]);
  });

  it('keeps the pack an earlier build made of a guide that lost its questions, untouched, and leaves it out of out/all.*', async () => {
    const ws = workspace({ 'guide.md': GOOD, 'other.md': OTHER });
    expect((await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 })).ok).toBe(true);
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).toContain('studypack::guide');
    const before = packFiles(join(ws.out, 'guide'));

    writeFileSync(join(ws.guides, 'guide.md'), PROSE);
    const emptied = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(emptied.ok).toBe(true);
    const skipped = emptied.guides.find((g) => g.slug === 'guide');
    expect(skipped?.status).toBe('skipped');
    expect(skipped?.outputs).toEqual(Object.keys(before).map((name) => `guide/${name}`));
    expect(skipped?.rewritten).toEqual([]);
    expect(packFiles(join(ws.out, 'guide'))).toEqual(before);
    expect(emptied.combined).toBe('built');
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toContain('studypack::guide');
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).toContain('studypack::other');

    // Still skipped, and still left out, by a build with nothing to do and by one of another guide.
    const again = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(again.guides.map((g) => g.status)).toEqual(['skipped', 'unchanged']);
    expect(again.guides[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['no-questions']);
    expect(again.combined).toBe('unchanged');
    writeFileSync(join(ws.guides, 'other.md'), `${OTHER}\n## "And a second question?"\n\nYes.\n`);
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1, only: ['other'] });
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toContain('studypack::guide');
    expect(packFiles(join(ws.out, 'guide'))).toEqual(before);

    // Its questions back, even the very same bytes as before: built again, and back in out/all.*.
    writeFileSync(join(ws.guides, 'guide.md'), GOOD);
    const back = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(back.guides.find((g) => g.slug === 'guide')?.status).toBe('built');
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).toContain('studypack::guide');
  });

  it('leaves the only guide out of out/all.* once it has no questions, its own pack kept', async () => {
    const ws = workspace({ 'guide.md': GOOD });
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const before = packFiles(join(ws.out, 'guide'));
    writeFileSync(join(ws.guides, 'guide.md'), PROSE);
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect([report.ok, report.guides[0]?.status, report.combined]).toEqual([true, 'skipped', 'built']);
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toContain('studypack::guide');
    expect(packFiles(join(ws.out, 'guide'))).toEqual(before);
    expect((await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 })).combined).toBe('unchanged');
  });

  it('reports a guide without questions as skipped, with a warning, when checking', async () => {
    const ws = workspace({ 'good.md': GOOD, 'notes.md': PROSE });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, checkOnly: true });
    expect(report.ok).toBe(true);
    expect(report.guides.map((g) => g.status)).toEqual(['checked', 'skipped']);
    expect(report.guides[1]?.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'no-questions', severity: 'warning' }),
    );
    expect(existsSync(ws.out)).toBe(false);
  });
});
