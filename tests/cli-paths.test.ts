// What the command line says is about where it ran: guide paths relative to the current folder
// (as compilers print them), a check compared only with an out/ it was given, and Ctrl-C answered
// with what was finished and what was kept, exit status 130.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');
const GUIDE = '# Reading list\n\n## Why read papers?\n\nThey say what was tried.\n\n## What next?\n';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** A project folder with its own guides and out/, and a notes folder beside it. */
function layout(): { project: string; notes: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-paths-'));
  const project = join(root, 'project');
  const notes = join(root, 'notes');
  mkdirSync(join(project, 'guides'), { recursive: true });
  mkdirSync(notes);
  cpSync(join(ROOT, 'guides', 'stash.md'), join(project, 'guides', 'stash.md'));
  writeFileSync(join(notes, 'reading-list.md'), GUIDE);
  return { project, notes };
}

describe.skipIf(!existsSync(CLI))('the command line', () => {
  it('prints its own version from any folder', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = spawnSync(process.execPath, [CLI, '--version'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('prints guides outside the current folder by their path from it', () => {
    const { project } = layout();
    const r = run(['build', '--guides', '../notes', '--out', 'notes-out'], project);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('../notes/reading-list.md');
    expect(r.stderr).toMatch(/^\.\.\/notes\/reading-list\.md:\d+:\d+ warning /m);
  });

  it('checks guides elsewhere without comparing them with ./out, unless --out is given', () => {
    const { project } = layout();
    expect(run(['build'], project).status).toBe(0);
    const elsewhere = run(['check', '--guides', '../notes'], project);
    expect(elsewhere.status).toBe(0);
    expect(elsewhere.stderr).toContain('checked ../notes/reading-list.md');
    expect(elsewhere.stderr).not.toMatch(/stash/);
    // Asked to, it says which packs of that out/ have no guide among these.
    const compared = run(['check', '--guides', '../notes', '--out', 'out'], project);
    expect(compared.stderr).toContain('kept    out/stash/');
    // The project's own folders, both by default, are compared as before.
    expect(run(['check'], project).stderr).not.toMatch(/kept {4}out\/stash/);
  });

  it('says what was finished and what was kept when interrupted, and exits 130', async () => {
    const { project } = layout();
    for (const seed of ['podscribe', 'ml-model-serving', 'flowmingo', 'bytescribe'])
      cpSync(join(ROOT, 'guides', `${seed}.md`), join(project, 'guides', `${seed}.md`));
    const child = spawn(process.execPath, [CLI, 'build', '--jobs', '1'], { cwd: project });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Once the first guide is reported, the next is being built.
      if (/^built /m.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /studypack: interrupted; [1-5] guides? finished \([1-5] built: guides\/bytescribe\.md/,
    );
    expect(stderr).toContain('keeps its last good files, whole');
  }, 60_000);

  it('stops watching on Ctrl-C with a message, and exits 130', async () => {
    const { project } = layout();
    const child = spawn(process.execPath, [CLI, 'build', '--watch', '--jobs', '1'], { cwd: project });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/watching for changes/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /studypack: stopped watching\. Every pack in out\/ keeps its last good files, whole/,
    );
  }, 60_000);
});
