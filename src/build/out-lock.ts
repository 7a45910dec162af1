// One build at a time per out/ folder: `out/.studypack.lock`, created exclusively, holds the pid
// and host of the build that owns it. A second build waits; a lock left by a killed build (its
// pid gone, on this host) is taken over. Being inside out/, the lock is seen through every path
// to the folder: a link, a bind mount, a volume shared with a container.

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TEMP_HOST } from './atomic.js';

/** The lock's name inside out/: a dot file, no output of any pack, never pruned. */
export const OUT_LOCK_NAME = '.studypack.lock';

/** Where the lock of an out folder is kept. */
export function lockPath(outDir: string): string {
  return join(outDir, OUT_LOCK_NAME);
}

/**
 * Removes a file that may be gone already. Not `rmSync(path, { force: true })`: its first call
 * loads Node's recursive remover, a fifth of the time a build with nothing to do takes.
 */
function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
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

function ownerOf(path: string): { pid: number; host: string } | null {
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
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    const err: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, '${outDir}'`);
    err.code = 'ENOTDIR';
    throw err;
  }
  // A build that stops before writing anything (a setup error) leaves no out/ it made for its lock.
  const created = !existsSync(outDir);
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n${hostname()}\n`);
      } catch (err) {
        // A full disk: the lock, empty, would name nobody.
        closeSync(fd);
        removeFile(path);
        throw err;
      }
      closeSync(fd);
      // A build stopped by Ctrl-C exits without unwinding: its lock goes with it all the same.
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        const owner = ownerOf(path);
        if (owner?.pid === process.pid && owner.host === hostname()) removeFile(path);
        if (created) {
          try {
            rmdirSync(outDir);
          } catch {
            // Not empty: the build wrote into it.
          }
        }
      };
      process.on('exit', release);
      sweepTemps(outDir, guidesDir);
      return { release };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The build that made out/ for its lock removed it, empty, as it finished: made again.
      if (code === 'ENOENT') {
        mkdirSync(outDir, { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    const held = ownerOf(path);
    if (held && held.host === hostname() && Number.isInteger(held.pid) && !alive(held.pid)) {
      // Left by a build that was killed: nobody is writing, so it is safe to take over.
      removeFile(path);
      continue;
    }
    if (!held || !(held.pid > 0)) {
      // Being written this very moment, or empty after a crash between open and write: give the
      // writer a moment, then take it over if it still names nobody.
      await new Promise((r) => setTimeout(r, 200));
      const again = ownerOf(path);
      if (!again || !(again.pid > 0)) removeFile(path);
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

/**
 * A temp file of atomic.ts: `.<name>.<pid>@<host>.<8 hex>.tmp`, the build writing it. Without a
 * host (as earlier versions named them), the build is one of this host.
 */
const TEMP = /^\..+\.(\d+)(?:@([A-Za-z0-9-]+))?\.[0-9a-f]{8}\.tmp$/;

/**
 * True when `name` is a temp file no live build is writing: one of this host whose pid is gone.
 * Whether a build of another host is alive cannot be told from here: its temp files stay.
 */
function abandoned(name: string): boolean {
  const [, pid, host] = TEMP.exec(name) ?? [];
  if (pid === undefined || (host !== undefined && host !== TEMP_HOST)) return false;
  return Number(pid) !== process.pid && !alive(Number(pid));
}

/**
 * Temp files of writes that a killed build never renamed: in out/ and its pack folders, and the
 * identity file's beside the guides. Called while holding the lock, but the guides' folder may be
 * shared by a build of another out/, and a pid can be alive on another host through a shared
 * volume: a temp file whose build is alive is never removed.
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
    for (const name of readdirSync(dir)) if (abandoned(name)) removeFile(join(dir, name));
  }
  if (guidesDir && existsSync(guidesDir)) {
    for (const name of readdirSync(guidesDir)) {
      if (name.startsWith('.studypack.lock.json.') && abandoned(name)) removeFile(join(guidesDir, name));
    }
  }
}
