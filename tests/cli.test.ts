// The command line: options parsed in-process, and a few real runs for exit codes and streams.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileProblem, parseCli } from '../src/cli.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'studypack-cli-'));
  mkdirSync(join(root, 'guides'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'guides', name), text);
  return root;
}

const GOOD = '# Good\n\n## "Why is this fine?"\n\nIt has an answer.\n';

describe('parseCli', () => {
  it('defaults to building guides/ into out/ with A4 paper', async () => {
    const o = await parseCli([]);
    expect(o).toMatchObject({
      command: 'build',
      guidesDir: 'guides',
      outDir: 'out',
      paper: 'a4',
      force: false,
      json: false,
    });
    expect(o.jobs).toBeGreaterThanOrEqual(1);
  });

  it('reads every option of build', async () => {
    const o = await parseCli([
      'build',
      'a.md',
      'b.md',
      '--guides',
      'g',
      '--out',
      'o',
      '--only',
      'x',
      '--force',
      '--prune',
      '--paper',
      'letter',
      '-j',
      '3',
      '--json',
      '-q',
    ]);
    expect(o).toMatchObject({
      command: 'build',
      files: ['a.md', 'b.md'],
      guidesDir: 'g',
      outDir: 'o',
      only: ['x'],
      force: true,
      prune: true,
      paper: 'letter',
      jobs: Math.min(3, availableParallelism()),
      json: true,
      quiet: true,
    });
  });

  it('knows check', async () => {
    expect((await parseCli(['check', '--json'])).command).toBe('check');
  });

  it('refuses an unknown option', async () => {
    await expect(parseCli(['build', '--colour'])).rejects.toThrow(/Unknown argument: colour/);
  });

  it('refuses a bad paper size and lists the valid ones', async () => {
    await expect(parseCli(['build', '--paper', 'a5'])).rejects.toThrow(/Choices: "a4", "letter"/);
  });

  it('clamps --jobs to the number of cores, and says so in --help', async () => {
    const cores = availableParallelism();
    expect((await parseCli(['build', '--jobs', '200'])).jobs).toBe(cores);
    expect((await parseCli(['build', '--jobs', '1'])).jobs).toBe(1);
    const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/at most the number of cores/);
  });

  it('refuses a number of jobs below one', async () => {
    await expect(parseCli(['build', '--jobs', '0'])).rejects.toThrow(/--jobs must be a whole number/);
    await expect(parseCli(['build', '--jobs', 'abc'])).rejects.toThrow(/not a word/);
  });

  it('refuses the options of build given to check, but for --out, the packs to compare with', async () => {
    await expect(parseCli(['check', '--force'])).rejects.toThrow(/Unknown argument: force/);
    await expect(parseCli(['check', '--prune'])).rejects.toThrow(/Unknown argument: prune/);
    expect(await parseCli(['check', '--json', '--guides', 'notes'])).toMatchObject({
      command: 'check',
      guidesDir: 'notes',
      json: true,
      compareOut: false,
    });
    // An out/ to compare the guides with is given, or both folders are the defaults.
    expect(await parseCli(['check', '--guides', 'notes', '--out', 'packs'])).toMatchObject({
      outDir: 'packs',
      compareOut: true,
    });
    expect(await parseCli(['check'])).toMatchObject({ compareOut: true });
  });

  it('refuses an option that needs a value and was given none', async () => {
    await expect(parseCli(['build', '--out'])).rejects.toThrow(/--out needs a value/);
    await expect(parseCli(['build', '--paper', '--force'])).rejects.toThrow(/--paper needs a value/);
    expect((await parseCli(['build', '--out', 'packs'])).outDir).toBe('packs');
  });
});

describe('fileProblem', () => {
  it('names a guide file that is not there, and the command a typo was meant to be', () => {
    const cwd = workspace({ 'good.md': GOOD });
    expect(fileProblem({ files: [join(cwd, 'nope.md')], guidesDir: 'guides' })).toMatch(
      /no such guide file ".*nope\.md"\.$/,
    );
    expect(fileProblem({ files: ['biuld'], guidesDir: 'guides' })).toMatch(/did you mean "studypack build"/);
    expect(fileProblem({ files: ['chek'], guidesDir: 'guides' })).toMatch(/did you mean "studypack check"/);
  });

  it('sends a folder named as a guide to --guides, and a file given as --guides to the file list', () => {
    const cwd = workspace({ 'good.md': GOOD });
    const guides = join(cwd, 'guides');
    expect(fileProblem({ files: [guides], guidesDir: 'guides' })).toMatch(/is a folder; .* --guides /);
    expect(fileProblem({ files: [], guidesDir: join(guides, 'good.md') })).toMatch(/is a file, not a folder/);
    expect(fileProblem({ files: [], guidesDir: guides })).toBeNull();
    expect(fileProblem({ files: [join(guides, 'good.md')], guidesDir: 'nowhere' })).toBeNull();
  });
});

describe.skipIf(!existsSync(CLI))('the studypack command', () => {
  it('exits 0 and reports each guide on stderr, nothing on stdout', () => {
    const cwd = workspace({ 'good.md': GOOD });
    const r = run(['build'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/built {3}guides\/good\.md → out\/good\/ \(1 question\)/);
    expect(existsSync(join(cwd, 'out', 'good', 'good.cheatsheet.pdf'))).toBe(true);
  });

  it('exits 1 when a guide fails, after building the others, and names file and line', () => {
    const cwd = workspace({ 'good.md': GOOD, 'empty.md': '' });
    const r = run(['build'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/guides\/empty\.md:1:1 error .*empty-guide/);
    expect(existsSync(join(cwd, 'out', 'good', 'pack.json'))).toBe(true);
  });

  it('exits 0 when a guide has no questions, saying it was skipped and how to write questions', () => {
    const cwd = workspace({ 'good.md': GOOD, 'README.md': '# My guides\n\nOne file per project.\n' });
    const r = run(['build'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped guides/README.md: no questions found, so no pack was made');
    expect(r.stderr).toContain('Write questions as headings ending in "?"');
    expect(r.stderr).toMatch(/^guides\/README\.md:1:1 warning .* no-questions$/m);
    expect(r.stderr).toMatch(
      /^1 built( on \d threads)?, 0 unchanged, 1 skipped without questions, 0 failed/m,
    );
    expect(existsSync(join(cwd, 'out', 'readme'))).toBe(false);

    const json = run(['build', '--json', '-q'], cwd);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).guides).toMatchObject([
      { file: 'guides/README.md', slug: 'readme', status: 'skipped', entries: 0, outputs: [] },
      { file: 'guides/good.md', status: 'unchanged' },
    ]);

    const check = run(['check'], cwd);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('skipped guides/README.md: no questions found, so no pack would be made');
    expect(check.stderr).toMatch(/^guides\/README\.md:1:1 warning .* no-questions$/m);
  });

  it('exits 0 when a built guide loses its questions, saying its last pack is kept', () => {
    const cwd = workspace({ 'good.md': GOOD });
    expect(run(['build'], cwd).code).toBe(0);
    writeFileSync(join(cwd, 'guides', 'good.md'), '# Good\n\nRewriting this guide.\n');
    const r = run(['build'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'skipped guides/good.md: no questions found; out/good/ is kept from an earlier build, left out of out/all.*',
    );
    expect(existsSync(join(cwd, 'out', 'good', 'good.anki.csv'))).toBe(true);
  });

  it('leaves out what guides/.studypackignore excludes, and reports a malformed line with file and line', () => {
    const cwd = workspace({
      '.studypackignore': '# not guides\nREADME.md\nnotes\\\n',
      'README.md': '# My guides\n\nOne file per project.\n',
      'good.md': GOOD,
    });
    const r = run(['build'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('README');
    expect(r.stderr).toMatch(/^guides\/\.studypackignore:3:1 warning .* ignore-file-invalid$/m);
    expect(r.stderr).toMatch(/^1 built( on \d threads)?, 0 unchanged, 0 failed/m);
    const check = run(['check'], cwd);
    expect(check.code).toBe(0);
    expect(check.stderr).not.toContain('README');
    const named = run(['build', 'guides/README.md', '--json'], cwd);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).guides).toMatchObject([{ file: 'guides/README.md', status: 'skipped' }]);
  });

  it('exits 2 on a usage error or a missing guides folder', () => {
    const cwd = workspace({});
    expect(run(['build', '--bogus'], cwd).code).toBe(2);
    const missing = run(['build', '--guides', 'nowhere'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/"nowhere" does not exist/);
  });

  it('exits 2 for a typo of a command, an unknown --only slug, or an out/ below a file', () => {
    const cwd = workspace({ 'good.md': GOOD });
    const typo = run(['biuld'], cwd);
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringMatching(/did you mean "studypack build"/)]);
    const only = run(['build', '--only', 'nosuch'], cwd);
    expect(only.code).toBe(2);
    expect(only.stderr).toMatch(/no guide has the slug "nosuch"; the slugs are: good\./);
    writeFileSync(join(cwd, 'afile'), 'x');
    const blocked = run(['build', '--out', 'afile/sub'], cwd);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/ENOTDIR/);
    expect(blocked.stderr).not.toMatch(/good\.md/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('exits 2 when --out is the guides folder or holds it, and writes nothing', () => {
    const cwd = workspace({ 'guides.md': GOOD });
    for (const out of ['.', 'guides']) {
      const r = run(['build', '--out', out, '--prune'], cwd);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/studypack: --out "[^"]+" (is|holds) the guides folder/);
    }
    expect(readdirSync(cwd)).toEqual(['guides']);
    expect(readdirSync(join(cwd, 'guides'))).toEqual(['guides.md']);
  });

  it('builds a guide named twice once', () => {
    const cwd = workspace({ 'good.md': GOOD });
    const r = run(['build', 'guides/good.md', './guides/good.md', '--json'], cwd);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).guides.map((g: { slug: string }) => g.slug)).toEqual(['good']);
  });

  it('says so when the guides folder holds no guides', () => {
    const r = run(['build'], workspace({}));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/guides\/ holds no guides/);
  });

  it('prints one JSON report on stdout with --json', () => {
    const cwd = workspace({ 'good.md': GOOD });
    const r = run(['build', '--json', '-q'], cwd);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.guides[0]).toMatchObject({
      file: 'guides/good.md',
      slug: 'good',
      status: 'built',
      entries: 1,
    });
    expect(r.stderr).toBe('');
  });

  it('checks without writing anything, printing file:line:col diagnostics', () => {
    const cwd = workspace({ 'open.md': '# X\n\n## "Why?"\n\n```js\nnever closed\n' });
    const r = run(['check'], cwd);
    expect(r.stderr).toMatch(/guides\/open\.md:5:1 warning .* unclosed-code-fence/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('checks with a coverage line per guide: its questions, those without answer, and the parts used by nothing', () => {
    const guide = [
      '# Kite',
      '## Questions',
      '### Why Postgres?',
      '',
      'Joins across orders.',
      '',
      '### What is left to do?',
      '',
      '## Architecture notes',
      '',
      'Three services behind one gateway.',
      '',
      '## Links',
      '',
      '- [docs](https://example.com)',
      '',
    ].join('\n');
    const root = workspace({ 'kite.md': guide });
    const r = run(['check'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      '2 questions (1 without answer); not used: line 11 (## Architecture notes), line 15 (## Links)',
    );
    expect(r.stderr).toMatch(/kite\.md:9:1 warning Line 11 under "## Architecture notes" became no question/);
  });

  it('explains itself with --help, with examples', () => {
    const r = run(['build', '--help'], workspace({}));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--watch/);
    expect(r.stdout).toMatch(/Examples:/);
  });

  it('says in --help that a guide file named is built even when .studypackignore excludes it', () => {
    for (const command of ['build', 'check']) {
      const r = run([command, '--help'], workspace({}));
      expect(r.stdout.replace(/\s+/g, ' '), command).toMatch(/\.studypackignore/);
    }
  });
});
