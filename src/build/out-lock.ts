// One build at a time per out/ folder: a lock file holds the pid of the build that owns it. A
// second build waits; a lock left by a killed build (its pid gone) is taken over. The lock
// lives in the system's temp folder, keyed by out/'s real path, so a build with nothing to do
// changes nothing inside out/, not even the folder's modification time.

import { createHash } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { realPath } from './folders.js';

/**
 * Where locks are kept: /tmp itself where there is one, not $TMPDIR, which differs between two
 * shells, a CI step and sudo, and would let two builds of one out/ miss each other's lock.
 */
const LOCK_DIR = ((): string => {
  if (process.platform === 'win32') return tmpdir();
  try {
    accessSync('/tmp', constants.W_OK | constants.X_OK);
    return '/tmp';
  } catch {
    return tmpdir();
  }
})();

/** Where the lock of an out folder is kept. */
export function lockPath(outDir: string): string {
  // The same name before and after out/ is created, even when the path goes through a link.
  const real = realPath(outDir);
  return join(LOCK_DIR, `studypack-${createHash('sha256').update(real).digest('hex').slice(0, 16)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function owner(path: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(path, 'utf8').split('\n');
    return { pid: Number(pid), host: host ?? '' };
  } catch {
    return null;
  }
}

export interface OutLock {
  release(): void;
}

/**
 * Takes the lock of `outDir`, waiting while another live build holds it. `onWait` is called
 * once with the other build's pid, so the user knows why nothing happens.
 */
export async function lockOut(
  outDir: string,
  onWait?: (pid: number) => void,
  timeoutMs = 600_000,
  guidesDir?: string,
): Promise<OutLock> {
  const path = lockPath(outDir);
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
      closeSync(fd);
      sweepTemps(outDir, guidesDir);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = owner(path);
    if (held && held.host === hostname() && Number.isInteger(held.pid) && !alive(held.pid)) {
      // Left by a build that was killed: nobody is writing, so it is safe to take over.
      rmSync(path, { force: true });
      continue;
    }
    if (!held || !(held.pid > 0)) {
      // Being written this very moment, or empty after a crash between open and write: give the
      // writer a moment, then take it over if it still names nobody.
      await new Promise((r) => setTimeout(r, 200));
      const again = owner(path);
      if (!again || !(again.pid > 0)) rmSync(path, { force: true });
      continue;
    }
    if (!told) {
      onWait?.(held.pid);
      told = true;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `another build (pid ${held.pid}) has held ${path} for ${Math.round(timeoutMs / 1000)} s`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Temp files of writes that a killed build never renamed: in out/ and its pack folders, and the
 * identity file's beside the guides. Only called while holding the lock, so none is in use.
 */
export function sweepTemps(outDir: string, guidesDir?: string): void {
  const dirs = existsSync(outDir)
    ? [
        outDir,
        ...readdirSync(outDir, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(outDir, d.name)),
      ]
    : [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) if (TEMP.test(name)) rmSync(join(dir, name), { force: true });
  }
  if (guidesDir && existsSync(guidesDir)) {
    for (const name of readdirSync(guidesDir)) {
      if (name.startsWith('.studypack.lock.json.') && TEMP.test(name))
        rmSync(join(guidesDir, name), { force: true });
    }
  }
}
