// guides/.studypackignore, in gitignore syntax, keeps files of the guides folder out of the build:
// not built, not checked, not counted. A file named on the command line is built all the same.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';

const guide = (title: string): string =>
  `# ${title}\n\n## "Why does ${title} matter?"\n\nBecause it has a question and an answer.\n`;

function workspace(files: Record<string, string | Buffer>): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-ignore-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(guides, name), data);
  return { guides, out: join(root, 'out') };
}

const names = (report: { guides: { file: string }[] }): string[] =>
  report.guides.map((g) => g.file.split('/').pop() ?? '');

const IGNORE = [
  '# Not guides: notes, drafts and the folder README',
  'README.md',
  '*.notes.md',
  '!keep.notes.md',
  'drafts/',
  '',
  'wip-*.md',
].join('\n');

describe('.studypackignore', () => {
  it('builds none of the files it excludes, and counts none of them', async () => {
    const ws = workspace({
      '.studypackignore': IGNORE,
      'README.md': guide('Readme'),
      'good.md': guide('Good'),
      'keep.notes.md': guide('Keep'),
      'todo.notes.md': guide('Todo'),
      'wip-search.md': guide('Search'),
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.ok).toBe(true);
    expect(names(report)).toEqual(['good.md', 'keep.notes.md']);
    expect(report.diagnostics).toEqual([]);
    expect(readdirSync(ws.out).sort()).toEqual([
      '.manifest.json',
      'all.anki.csv',
      'all.apkg',
      'all.summary.pdf',
      'good',
      'keep-notes',
    ]);
  });

  it('lists nothing for the files it excludes when checking', async () => {
    const ws = workspace({
      '.studypackignore': IGNORE,
      'README.md': '# Guides\n\nNo questions here.\n',
      'good.md': guide('Good'),
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, checkOnly: true });
    expect(names(report)).toEqual(['good.md']);
    expect(report.diagnostics).toEqual([]);
    expect(report.guides.flatMap((g) => g.diagnostics).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('builds an excluded file only when it is named on the command line', async () => {
    const ws = workspace({ '.studypackignore': 'README.md\n', 'README.md': guide('Readme') });
    const folder = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(folder.guides).toEqual([]);
    const report = await build({
      guidesDir: ws.guides,
      outDir: ws.out,
      files: [join(ws.guides, 'README.md')],
      jobs: 1,
    });
    expect(report.guides.map((g) => [g.slug, g.status])).toEqual([['readme', 'built']]);
  });

  it('reports each malformed line with file and line, and follows the other lines', async () => {
    const ws = workspace({
      '.studypackignore': ['README.md', 'notes\\', '!', '[abc.md', '../up.md', 'notes.md'].join('\n'),
      'README.md': guide('Readme'),
      'notes.md': guide('Notes'),
      'good.md': guide('Good'),
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.ok).toBe(true);
    expect(names(report)).toEqual(['good.md']);
    const problems = report.diagnostics.filter((d) => d.ruleId === 'ignore-file-invalid');
    expect(problems.map((d) => [d.severity, d.line, d.column])).toEqual([
      ['warning', 2, 1],
      ['warning', 3, 1],
      ['warning', 4, 1],
      ['warning', 5, 1],
    ]);
    for (const d of problems) expect(d.file).toMatch(/(^|\/)\.studypackignore$/);
    expect(problems[0]?.message).toMatch(/^"notes\\" ends in a lone backslash/);
  });

  it('reports an ignore file that cannot be read, or is not text, without failing the build', async () => {
    const folder = workspace({ 'good.md': guide('Good'), 'README.md': guide('Readme') });
    mkdirSync(join(folder.guides, '.studypackignore'));
    const unreadable = await build({ guidesDir: folder.guides, outDir: folder.out, jobs: 1 });
    expect(unreadable.ok).toBe(true);
    expect(names(unreadable)).toEqual(['README.md', 'good.md']);
    expect(unreadable.diagnostics).toMatchObject([
      { ruleId: 'ignore-file-invalid', severity: 'warning', line: 1, column: 1 },
    ]);

    const binary = workspace({
      '.studypackignore': Buffer.concat([Buffer.from('README.md\n'), Buffer.from([0xff, 0xfe, 0x00, 0x41])]),
      'good.md': guide('Good'),
      'README.md': guide('Readme'),
    });
    const notText = await build({ guidesDir: binary.guides, outDir: binary.out, jobs: 1 });
    expect(notText.ok).toBe(true);
    expect(names(notText)).toEqual(['good.md']);
    expect(notText.diagnostics).toMatchObject([
      { ruleId: 'ignore-file-invalid', severity: 'warning', line: 2 },
    ]);
  });

  it('keeps the pack of a guide excluded after it was built, like a deleted one, until --prune', async () => {
    const ws = workspace({ 'a.md': guide('A'), 'b.md': guide('B') });
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    writeFileSync(join(ws.guides, '.studypackignore'), 'b.md\n');
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(names(report)).toEqual(['a.md']);
    expect(report.orphans).toEqual([{ slug: 'b', removed: false, ignored: true }]);
    expect(existsSync(join(ws.out, 'b', 'b.anki.csv'))).toBe(true);
    const pruned = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1, prune: true });
    expect(pruned.orphans).toEqual([{ slug: 'b', removed: true, ignored: true }]);
    expect(existsSync(join(ws.out, 'b'))).toBe(false);
  });
});
