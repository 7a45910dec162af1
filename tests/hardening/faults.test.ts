// Promise 3, killed and concurrent builds: a build killed at any moment leaves every file whole,
// old or new, and the next build succeeds; two builds of one out/ run one after the other.
// The long kill trials: FAULT_TRIALS=200 node scripts/fault-trials.mjs.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKillTrials } from '../../scripts/fault-trials.mjs';
import { build } from '../../src/build/index.js';
import { lockOut, lockPath } from '../../src/build/out-lock.js';
import { BUILD, corpus, rewrite, temps } from './fault-helpers.js';
import { CLI, damagedFiles, ensureDist, runCli, workspace } from './helpers.js';

/**
 * A build run from `cwd` while this process holds out/'s lock, released as soon as the build says
 * it waits. A build that does not wait would finish with the lock still held: released then.
 */
async function buildWhileHeld(
  held: { release(): void },
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stderr: string }> {
  const second = spawn(process.execPath, [CLI, ...BUILD], { cwd, env });
  let stderr = '';
  let holding = true;
  const release = (): void => {
    if (holding) held.release();
    holding = false;
  };
  second.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (/waiting for another build of out\//.test(stderr)) release();
  });
  const code = await new Promise<number | null>((resolve) => second.on('close', resolve));
  release();
  return { code, stderr };
}

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

// Each case has its own folders: they run side by side.
describe.concurrent('faults', () => {
  describe('a build killed with SIGKILL', () => {
    it('leaves every output and the identity file whole, each a version some complete build made, and the next build succeeds', async () => {
      const result = await runKillTrials({
        trials: Number(process.env.FAULT_TRIALS ?? 3),
        guides: Number(process.env.FAULT_GUIDES ?? 2),
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
      const ws = workspace(corpus(1));
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

    // The lock lives in out/, not $TMPDIR: two shells, a CI step or sudo set different ones.
    // The first build is this test, holding the lock under its own TMPDIR until the second says
    // it waits: however fast a build is, the two overlap.
    it('makes the second build wait even when the two run with different TMPDIR', async () => {
      const ws = workspace(corpus(2));
      mkdirSync(join(ws.root, 'tmp-b'));
      const held = await lockOut(join(ws.root, 'out'));
      const { code, stderr } = await buildWhileHeld(held, ws.root, {
        ...process.env,
        TMPDIR: join(ws.root, 'tmp-b'),
      });
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/waiting for another build of out\//);
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
      const ws = workspace(corpus(1));
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      mkdirSync(ws.out);
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

    it('keeps the lock inside out/, with pid and host, so a second path to the folder waits too', async () => {
      const ws = workspace(corpus(2));
      // Another path to the same folder, as a bind mount or a container's volume gives.
      const link = join(ws.root, '..', `${ws.root.split('/').pop()}-link`);
      symlinkSync(ws.root, link);
      try {
        const held = await lockOut(ws.out);
        expect(readFileSync(join(ws.out, '.studypack.lock'), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
        const { code, stderr } = await buildWhileHeld(held, link);
        expect(code, stderr).toBe(0);
        expect(stderr).toMatch(/waiting for another build of out\//);
        expect(existsSync(join(ws.out, '.studypack.lock'))).toBe(false);
      } finally {
        unlinkSync(link);
      }
    });

    it('never removes the temp files of a live build, and sweeps those of a dead one', async () => {
      const ws = workspace(corpus(1));
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      }).stdout;
      // The parent of this test process is alive for as long as the test runs.
      const live = String(process.ppid);
      mkdirSync(ws.out);
      const here = hostname()
        .replace(/[^A-Za-z0-9-]/g, '-')
        .slice(0, 63);
      const temp = (owner: string, dir: string, name: string) => {
        const path = join(dir, `.${name}.${owner}.0badc0de.tmp`);
        writeFileSync(path, 'half');
        return path;
      };
      const liveOut = temp(`${live}@${here}`, ws.out, 'all.anki.csv');
      const liveGuides = temp(`${live}@${here}`, ws.guides, 'studypack.lock.json');
      const deadOut = temp(`${dead}@${here}`, ws.out, 'all.anki.csv');
      const deadGuides = temp(`${dead}@${here}`, ws.guides, 'studypack.lock.json');
      // Written by earlier versions, without a host: this host's.
      const deadUnnamed = temp(dead, ws.out, 'pack.json');
      // A pid that is gone here may be alive on the host sharing the folder.
      const otherOut = temp(`${dead}@another-host`, ws.out, 'all.anki.csv');
      const otherGuides = temp(`${dead}@another-host`, ws.guides, 'studypack.lock.json');
      const r = await runCli(BUILD, ws.root);
      expect(r.code, r.stderr).toBe(0);
      expect([existsSync(liveOut), existsSync(liveGuides)]).toEqual([true, true]);
      expect([existsSync(deadOut), existsSync(deadGuides), existsSync(deadUnnamed)]).toEqual([
        false,
        false,
        false,
      ]);
      expect([existsSync(otherOut), existsSync(otherGuides)]).toEqual([true, true]);
      const own = readdirSync(ws.out).filter((name) => name.endsWith('.tmp') && name.includes(`@${here}.`));
      expect(own).toEqual([basename(liveOut)]);
    });
  });
});
