// Promise 3, the environment: an out/ that cannot be written, a full disk, a pack that cannot be
// replaced whole and a guide deleted mid-build leave every file whole, old or new, with a clear
// message, and the next build succeeds.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD, builtWorkspace, canFreezeFiles, corpus, immutable, rewrite, temps } from './fault-helpers.js';
import {
  changedPaths,
  damagedFiles,
  ensureDist,
  hasStackTrace,
  runCli,
  snapshot,
  workspace,
} from './helpers.js';

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

// The cases are independent, each in its own folder: they run side by side.
describe.concurrent('the environment', () => {
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

    // A pack folder that cannot be written is the environment's fault: write-failed, exit 2.
    (canFreeze ? it : it.skip)(
      'says the environment is at fault, with exit 2, when a pack folder cannot be written',
      async () => {
        const ws = await builtWorkspace(2);
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
    // replaceAll keeps the old files as hard links until every rename succeeded, and puts them back.
    it('keeps every last good output of a guide whose outputs could not all be replaced', async () => {
      const ws = await builtWorkspace(2);
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
    // A failed guide job on a worker posts its message and errno code, never a stack trace.
    (canFreezeFiles() ? it : it.skip)('reports the failure in one line, without a stack trace', async () => {
      const ws = await builtWorkspace(8);
      ws.write('guide-1.md', corpus(1, 1)['guide-1.md'] ?? '');
      spawnSync('chattr', ['+i', join(ws.out, 'guide-1')]);
      let r: Awaited<ReturnType<typeof runCli>>;
      try {
        r = await runCli(['build', '--guides', 'guides', '--out', 'out', '--jobs', '2'], ws.root);
      } finally {
        spawnSync('chattr', ['-i', join(ws.out, 'guide-1')]);
      }
      expect(r.stderr).toMatch(/out\/guide-1\/ could not be written \(EPERM\)/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
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
      const ws = await builtWorkspace(2);
      rewrite(ws, corpus(2, 1));
      const running = runCli(BUILD, ws.root);
      await new Promise((r) => setTimeout(r, 400));
      unlinkSync(join(ws.guides, 'guide-2.md'));
      const r = await running;
      expect([0, 1]).toContain(r.code);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(damagedFiles(ws.out)).toEqual([]);
      expect(temps(ws.out)).toEqual([]);
      const next = await runCli(BUILD, ws.root);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/kept {4}out\/guide-2\/: its guide is gone/);
      expect(readdirSync(ws.out)).toContain('guide-2');
      expect(readFileSync(join(ws.out, 'guide-1', 'pack.json'), 'utf8')).toContain('revision 1');
    });
  });
});
