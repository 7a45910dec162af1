// Promise 3: a build killed at any moment, two builds at once, an out/ that cannot be written, a
// full disk and a guide deleted mid-build leave every file whole, old or new, and the next
// build succeeds. The long kill trials: FAULT_TRIALS=200 node scripts/fault-trials.mjs.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKillTrials } from '../../scripts/fault-trials.mjs';
import { build } from '../../src/build/index.js';
import { lockOut, lockPath } from '../../src/build/out-lock.js';
import {
  changedPaths,
  damagedFiles,
  ensureDist,
  hasStackTrace,
  runCli,
  snapshot,
  type Workspace,
  workspace,
} from './helpers.js';

const BUILD = ['build', '--guides', 'guides', '--out', 'out', '--jobs', '1'];
const TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Small guides, each with a line the tests edit. */
function corpus(n: number, revision = 0): Record<string, string> {
  const files: Record<string, string> = {};
  for (let k = 1; k <= n; k++) {
    files[`guide-${k}.md`] =
      `# Project ${k}\n\n## "How does part ${k} work?"\n\nIt works well, revision ${revision}.\n\n` +
      `## "Why was part ${k} built this way?"\n\nBecause **queues** absorb bursts.\n`;
  }
  return files;
}

function rewrite(ws: Workspace, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
}

/** Temp files of atomic writes left anywhere under `dir`. */
function temps(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((p) => TEMP.test(p.split('/').pop() ?? ''));
}

const built = new Map<number, Workspace>();
/**
 * A workspace whose `n` guides were built once, undisturbed: each call copies the same first
 * build (guides, identity file, out/), so the tests start from it without paying for it again.
 */
async function builtWorkspace(n: number): Promise<Workspace> {
  let base = built.get(n);
  if (!base) {
    base = workspace(corpus(n), 'studypack-base-');
    const r = await runCli(BUILD, base.root);
    expect(r.code, r.stderr).toBe(0);
    built.set(n, base);
  }
  const ws = workspace({}, 'studypack-copy-');
  cpSync(base.guides, ws.guides, { recursive: true });
  cpSync(base.out, ws.out, { recursive: true });
  return ws;
}

/** Root ignores file modes; the immutable attribute stops root too, where the file system has it. */
function immutable(path: string, on: boolean): boolean {
  return spawnSync('chattr', [on ? '+i' : '-i', path]).status === 0;
}

let frozen: boolean | undefined;
/** True when chattr +i works here (root on ext4, xfs, btrfs); tests that need it skip elsewhere. */
function canFreezeFiles(): boolean {
  if (frozen === undefined) {
    const probe = workspace();
    frozen = immutable(probe.guides, true) && immutable(probe.guides, false);
  }
  return frozen;
}

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

describe('a build killed with SIGKILL', () => {
  it('leaves every output and the identity file whole, each a version some complete build made, and the next build succeeds', async () => {
    const result = await runKillTrials({
      trials: Number(process.env.FAULT_TRIALS ?? 3),
      guides: Number(process.env.FAULT_GUIDES ?? 3),
      size: process.env.FAULT_GUIDES ? 'full' : 'small',
      jobs: process.env.FAULT_GUIDES ? 0 : 1,
      completeEvery: 3,
    });
    process.stderr.write(
      `kill trials: ${result.trials} (${result.killed} killed mid-build), ${result.filesChecked} files checked, ` +
        `${result.damaged.length} damaged, ${result.mixedPacks.length} packs mixing two builds\n`,
    );
    expect(result.damaged).toEqual([]);
    expect(result.unknownVersions).toEqual([]);
    expect(result.failedBuilds).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(result.leftoverTemps).toEqual([]);
    expect(result.completeBuilds).toBeGreaterThanOrEqual(1);
  }, 600_000);

  it('sweeps the temp file a killed build left beside the identity file', async () => {
    const ws = await builtWorkspace(1);
    const left = join(ws.guides, '.studypack.lock.json.999999.0123abcd.tmp');
    writeFileSync(left, '{"version":1,');
    const r = await runCli(BUILD, ws.root);
    expect(r.code).toBe(0);
    expect(existsSync(left)).toBe(false);
  });
});

describe('two builds at once', () => {
  it('runs one after the other on one out/: both succeed, the second waits, and out/ is what one build makes', async () => {
    const ws = workspace(corpus(3));
    const first = runCli(BUILD, ws.root);
    await new Promise((r) => setTimeout(r, 150));
    rewrite(ws, corpus(3, 1));
    const second = runCli(BUILD, ws.root);
    const [a, b] = await Promise.all([first, second]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for another build of out\/ \(pid \d+\) to finish/);
    expect(damagedFiles(ws.out)).toEqual([]);
    expect(temps(ws.out)).toEqual([]);
    // out/ is one whole build of the last edit: every pack has it, and a third build finds nothing to do.
    for (let k = 1; k <= 3; k++) {
      expect(readFileSync(join(ws.out, `guide-${k}`, 'pack.json'), 'utf8')).toContain('revision 1');
    }
    const third = await runCli([...BUILD, '--json'], ws.root);
    const report = JSON.parse(third.stdout) as { guides: { status: string }[]; combined: string };
    expect(report.guides.map((g) => g.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(report.combined).toBe('unchanged');
  });

  // Bug in src/build/out-lock.ts (lockPath): the lock lives in os.tmpdir(), so two builds of one
  // out/ run with different TMPDIR values (two shells, a CI step, sudo) take different locks and
  // write out/ at the same time.
  it.fails('makes the second build wait even when the two run with different TMPDIR', async () => {
    const ws = workspace(corpus(2));
    for (const t of ['tmp-a', 'tmp-b']) mkdirSync(join(ws.root, t));
    const first = runCli(BUILD, ws.root, { TMPDIR: join(ws.root, 'tmp-a') });
    await new Promise((r) => setTimeout(r, 150));
    const second = runCli(BUILD, ws.root, { TMPDIR: join(ws.root, 'tmp-b') });
    const [a, b] = await Promise.all([first, second]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for another build of out\//);
  });

  it('makes a second build in the same process wait for the first', async () => {
    const ws = workspace(corpus(2));
    const waits: number[] = [];
    const options = {
      guidesDir: ws.guides,
      outDir: ws.out,
      jobs: 1,
      onWait: (pid: number) => waits.push(pid),
    };
    const [a, b] = await Promise.all([build(options), build({ ...options, force: true })]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(waits).toEqual([process.pid]);
    expect(damagedFiles(ws.out)).toEqual([]);
  });

  it('takes over the lock a killed build left behind', async () => {
    const ws = await builtWorkspace(1);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(lockPath(ws.out), `${dead.stdout}\n${hostname()}\n`);
    const r = await runCli(BUILD, ws.root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lockPath(ws.out))).toBe(false);
  });

  it('takes over an empty lock file left by a build killed before it wrote its pid', async () => {
    const ws = workspace(corpus(1));
    mkdirSync(ws.out);
    writeFileSync(lockPath(ws.out), '');
    const lock = await lockOut(ws.out, undefined, 1500);
    lock.release();
  });

  it('gives one out/ folder one lock, whether or not it exists yet', () => {
    const ws = workspace();
    const link = join(ws.root, '..', `${ws.root.split('/').pop()}-link`);
    symlinkSync(ws.root, link);
    const before = lockPath(join(link, 'out'));
    mkdirSync(ws.out);
    try {
      expect(lockPath(join(link, 'out'))).toBe(before);
    } finally {
      unlinkSync(link);
    }
  });
});

describe('an out/ that cannot be written', () => {
  it('stops with exit 2 and a message naming out/ when out/ is a file, writing nothing', async () => {
    const ws = workspace(corpus(2));
    writeFileSync(ws.out, 'not a folder');
    const before = snapshot(ws.root);
    const r = await runCli(BUILD, ws.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^studypack: .*ENOTDIR.*'out'/m);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(changedPaths(before, snapshot(ws.root))).toEqual([]);
  });

  const canFreeze = canFreezeFiles();

  it.skipIf(!canFreeze)(
    'stops with exit 2 when out/ is read-only, keeping every last good output whole and leaving no temp file',
    async () => {
      const ws = await builtWorkspace(2);
      rewrite(ws, corpus(2, 1));
      const before = snapshot(ws.out);
      immutable(ws.out, true);
      let r: Awaited<ReturnType<typeof runCli>>;
      try {
        r = await runCli(BUILD, ws.root);
      } finally {
        immutable(ws.out, false);
      }
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^studypack: .*(EPERM|EACCES|EROFS)/m);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(damagedFiles(ws.out)).toEqual([]);
      expect(temps(ws.out)).toEqual([]);
      // The packs' own folders were writable: they hold the new pack, whole; out/ itself is as it was.
      const top = (m: Map<string, string>) => [...m].filter(([p]) => !p.includes('/'));
      expect(top(snapshot(ws.out))).toEqual(top(before));
      expect((await runCli(BUILD, ws.root)).code).toBe(0);
    },
  );

  // Bug in src/build/index.ts (the render job's catch): a pack folder that cannot be written is
  // reported as "could not be rendered" (render-failed, "a bug in studypack") and exit 1, where an
  // environment problem is exit 2 by the README.
  (canFreeze ? it.fails : it.skip)(
    'says the environment is at fault, with exit 2, when a pack folder cannot be written',
    async () => {
      const ws = await builtWorkspace(1);
      rewrite(ws, corpus(1, 1));
      immutable(join(ws.out, 'guide-1'), true);
      let r: Awaited<ReturnType<typeof runCli>>;
      try {
        r = await runCli(BUILD, ws.root);
      } finally {
        immutable(join(ws.out, 'guide-1'), false);
      }
      expect(r.stderr).not.toMatch(/could not be rendered/);
      expect(r.code).toBe(2);
    },
  );
});

describe('a pack that cannot be replaced whole', () => {
  // Bug in src/build/atomic.ts (replaceAll): the staged files are renamed one by one and nothing is
  // undone when a rename fails, so the guide is reported "FAILED … last good outputs kept" while
  // its pack.json and deck are already the new ones, beside the old PDFs and two stray temp files.
  it.fails('keeps every last good output of a guide whose outputs could not all be replaced', async () => {
    const ws = await builtWorkspace(1);
    const pdf = join(ws.out, 'guide-1', 'guide-1.cheatsheet.pdf');
    rmSync(pdf);
    mkdirSync(join(pdf, 'in-the-way'), { recursive: true });
    rewrite(ws, corpus(1, 1));
    const before = snapshot(join(ws.out, 'guide-1'));
    const r = await runCli(BUILD, ws.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAILED {2}guides\/guide-1\.md: last good outputs kept/);
    expect(changedPaths(before, snapshot(join(ws.out, 'guide-1')))).toEqual([]);
  });
});

describe('a worker that cannot write its pack', () => {
  // Bug in src/build/worker.ts: a failed guide job posts err.stack, so with --jobs 2 or more the
  // user reads a stack trace (with absolute paths of the installed code) in the diagnostic.
  (canFreezeFiles() ? it.fails : it.skip)(
    'reports the failure in one line, without a stack trace',
    async () => {
      const ws = await builtWorkspace(2);
      rewrite(ws, corpus(2, 1));
      spawnSync('chattr', ['+i', join(ws.out, 'guide-1')]);
      let r: Awaited<ReturnType<typeof runCli>>;
      try {
        r = await runCli(['build', '--guides', 'guides', '--out', 'out', '--jobs', '2'], ws.root);
      } finally {
        spawnSync('chattr', ['-i', join(ws.out, 'guide-1')]);
      }
      expect(r.stderr).toMatch(/guides\/guide-1\.md could not be built: .*EPERM/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    },
  );
});

describe('a full disk', () => {
  /** A small tmpfs at `dir`, where mounting is allowed (root with CAP_SYS_ADMIN); false elsewhere. */
  function tmpfs(dir: string, size: string): boolean {
    mkdirSync(dir, { recursive: true });
    return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
  }
  const umount = (dir: string) => spawnSync('umount', [dir]);
  const probe = join(workspace().root, 'mnt');
  const canMount = tmpfs(probe, '64k');
  if (canMount) umount(probe);

  it.skipIf(!canMount)(
    'fails with a message naming ENOSPC, keeps every last good output as it was, leaves no temp file, and builds once there is room',
    async () => {
      const built = await builtWorkspace(2);
      const ws = workspace({}, 'studypack-full-');
      cpSync(built.guides, ws.guides, { recursive: true });
      expect(tmpfs(ws.out, '2m')).toBe(true);
      try {
        cpSync(built.out, ws.out, { recursive: true });
        // Fill what is left, then edit the guides so everything must be written again.
        const filler = join(ws.out, 'filler');
        const chunk = Buffer.alloc(16 * 1024, 1);
        try {
          for (let k = 0; k < 1000; k++) writeFileSync(filler, chunk, { flag: 'a' });
        } catch {
          // ENOSPC: the disk is full, as wanted.
        }
        rewrite(ws, corpus(2, 1));
        const before = snapshot(ws.out);
        const r = await runCli(BUILD, ws.root);
        // 1 today: each guide's ENOSPC is reported as its own failure (see the exit-2 case above).
        expect([1, 2]).toContain(r.code);
        expect(r.stderr).toMatch(/ENOSPC: no space left on device/);
        expect(hasStackTrace(r.stderr)).toBe(false);
        expect(changedPaths(before, snapshot(ws.out))).toEqual([]);
        expect(temps(ws.out)).toEqual([]);
        rmSync(filler);
        const again = await runCli(BUILD, ws.root);
        expect(again.code, again.stderr).toBe(0);
        expect(damagedFiles(ws.out)).toEqual([]);
        expect(readFileSync(join(ws.out, 'guide-2', 'pack.json'), 'utf8')).toContain('revision 1');
      } finally {
        umount(ws.out);
      }
    },
  );
});

describe('a guide deleted while the build runs', () => {
  it('finishes with every output whole; the next build keeps the gone guide as an orphan and says so', async () => {
    const ws = await builtWorkspace(6);
    rewrite(ws, corpus(6, 1));
    const running = runCli(BUILD, ws.root);
    await new Promise((r) => setTimeout(r, 400));
    unlinkSync(join(ws.guides, 'guide-5.md'));
    const r = await running;
    expect([0, 1]).toContain(r.code);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(damagedFiles(ws.out)).toEqual([]);
    expect(temps(ws.out)).toEqual([]);
    const next = await runCli(BUILD, ws.root);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/kept {4}out\/guide-5\/: its guide is gone/);
    expect(readdirSync(ws.out)).toContain('guide-5');
    expect(readFileSync(join(ws.out, 'guide-1', 'pack.json'), 'utf8')).toContain('revision 1');
  });
});
