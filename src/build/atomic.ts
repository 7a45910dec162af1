// Atomic file replacement: write a temp file in the same folder, fsync it, rename it over the
// target, fsync the folder. A crash leaves either the old file or the new one, whole.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where a file is written before it replaces `target`: same folder, so rename is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to a temp file beside `target` and fsyncs it; returns the temp path. */
export function writeTemp(target: string, data: string | Uint8Array | Iterable<string | Uint8Array>): string {
  const tmp = tempPathFor(target);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    // An iterable is written piece by piece, so a large combined file never sits in memory whole.
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  return tmp;
}

/** fsyncs a folder so that renames inside it survive a power cut (best effort where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `target` with `data` atomically. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const tmp = writeTemp(target, data);
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(target));
}

/**
 * Replaces several files of one folder together: all are written to temp files first, then
 * renamed into place, so a failure while writing leaves every old file as it was.
 */
export function replaceAll(
  dir: string,
  files: Map<string, string | Uint8Array | Iterable<string | Uint8Array>>,
): string[] {
  mkdirSync(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, data] of files) staged.push([writeTemp(join(dir, name), data), join(dir, name)]);
  } catch (err) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw err;
  }
  // Old files are kept as hard links until every new one is in place, so a rename that fails
  // half-way can put the whole old pack back.
  const backups: [string, string][] = [];
  const done: string[] = [];
  try {
    for (const [, target] of staged) {
      if (!existsSync(target) || !statSync(target).isFile()) continue;
      const backup = tempPathFor(target);
      linkSync(target, backup);
      backups.push([backup, target]);
    }
    for (const [tmp, target] of staged) {
      renameSync(tmp, target);
      done.push(target);
    }
  } catch (err) {
    for (const [backup, target] of backups) if (done.includes(target)) renameSync(backup, target);
    for (const target of done) if (!backups.some(([, t]) => t === target)) rmSync(target, { force: true });
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    for (const [backup] of backups) rmSync(backup, { force: true });
    throw err;
  }
  for (const [backup] of backups) rmSync(backup, { force: true });
  fsyncDir(dir);
  return staged.map(([, target]) => target);
}
