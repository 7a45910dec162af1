// The exit status and messages of the real command line on bad input: 0 when every guide built,
// 1 when a guide failed (the others still built), 2 for usage and environment errors; never a
// stack trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, goodGuide, hasStackTrace, runCli, workspace } from './helpers.js';

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

// Each case has its own folder: they run side by side.
describe.concurrent('exit status', () => {
  it('is 0 when every guide built, with unicode and spaces in their names', async () => {
    const ws = workspace({ 'Mon guide élégant.md': goodGuide('Élégant'), 'simple.md': goodGuide('Simple') });
    const r = await runCli(['build', '--jobs', '1'], ws.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/built {3}guides\/Mon guide élégant\.md → out\/mon-guide-elegant\//);
  });

  it('names the output folder the user chose in every line', async () => {
    const ws = workspace({ 'simple.md': goodGuide('Simple') });
    const r = await runCli(['build', '--jobs', '1', '--out', 'print/packs'], ws.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/built {3}guides\/simple\.md → print\/packs\/simple\//);
    expect(r.stderr).toContain('re-import print/packs/simple/simple.apkg (or simple.anki.csv)');
    expect(r.stderr).toContain('print/packs/all.* rebuilt');
    expect(r.stderr).not.toMatch(/ out\//);
  });

  it('is 1 when a guide is bad, with one file:line:col line naming the problem, and the others built', async () => {
    const ws = workspace({
      'good.md': goodGuide(),
      'deep.md': `# Deep\n\n## "Why so deep?"\n\n${'> '.repeat(10_000)}deep\n`,
      'binary.md': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08, 0]),
    });
    const r = await runCli(['build', '--jobs', '1'], ws.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'guides/deep.md:5:1 error Line 5 nests 10000 blockquotes or lists; at most 100 levels can be read. too-deep',
    );
    expect(r.stderr).toContain(
      'guides/binary.md:1:1 error guides/binary.md holds NUL bytes: expected Markdown text. binary-file',
    );
    expect(r.stderr).toMatch(/FAILED {2}guides\/deep\.md: last good outputs kept/);
    expect(r.stderr).toMatch(/1 built, 0 unchanged, 2 failed/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(join(ws.root, 'out', 'good', 'pack.json'), 'utf8')).toContain(
      'Why is this guide fine?',
    );
  });

  it('is 1 for check as well, which writes nothing', async () => {
    const ws = workspace({ 'empty.md': '' });
    const r = await runCli(['check'], ws.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('guides/empty.md:1:1 error guides/empty.md is empty. empty-guide');
  });

  it('is 2, with a hint and no stack trace, for an unknown option, a bad value or a missing guides folder', async () => {
    const ws = workspace({ 'good.md': goodGuide() });
    for (const [args, said] of [
      [['build', '--bogus'], /Unknown argument: bogus/],
      [['build', '--jobs', '0'], /--jobs must be a whole number of at least 1/],
      [['build', '--guides', 'nowhere'], /the guides folder "nowhere" does not exist/],
    ] as const) {
      const r = await runCli([...args], ws.root);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(said);
      expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    }
  });
});
