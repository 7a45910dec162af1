// Atomic file replacement: write a temp file in the same folder, fsync it, rename it over the
// target, fsync the folder. A crash leaves either the old file or the new one, whole.
import { randomBytes } from 'node:crypto';
import {
  close as closeFd,
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** This host's name as it can stand in a file name. */
export const TEMP_HOST =
  hostname()
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 63) || 'host';

/**
 * Where a file is written before it replaces `target`: same folder, so rename is atomic. The name
 * says which build writes it, pid and host (`.pack.json.4242@laptop.1a2b3c4d.tmp`), so that no
 * build removes a temp file another live build owns, on this host or another one sharing the folder.
 */
export function tempPathFor(target: string): string {
  const owner = `${process.pid}@${TEMP_HOST}`;
  return join(dirname(target), `.${basename(target)}.${owner}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Pieces smaller than this are gathered before they are written: pdfkit emits many tiny ones. */
const WRITE_BUFFER = 64 * 1024;

/**
 * A temp file beside `target`, written piece by piece as its content is made (a long PDF need
 * never sit in memory whole) and fsynced by `close`. Handed to `replaceAll` under `target`'s name,
 * it is renamed into place with the other files; until then the final name is never touched, so a
 * crash leaves a temp file (swept by the next build), never a half-written output.
 */
export class TempFile {
  /** Where the bytes are written until the file is renamed. */
  readonly path: string;
  private fd: number | null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    readonly target: string,
    written?: string,
  ) {
    this.path = written ?? tempPathFor(target);
    this.fd = written === undefined ? openSync(this.path, 'w', 0o644) : null;
  }

  /** A temp file for `target` that was written and closed already, by another thread. */
  static written(target: string, path: string): TempFile {
    if (dirname(path) !== dirname(target)) throw new Error(`${path} is not beside ${target}`);
    return new TempFile(target, path);
  }

  write(chunk: string | Uint8Array): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (this.pendingBytes + buf.length < WRITE_BUFFER) {
      this.pending.push(buf);
      this.pendingBytes += buf.length;
      return;
    }
    this.flush();
    if (buf.length >= WRITE_BUFFER) this.writeOut(buf);
    else {
      this.pending.push(buf);
      this.pendingBytes = buf.length;
    }
  }

  /** Writes what is buffered, fsyncs and closes; the file is then whole and ready to rename. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }

  /** As `close`, with the fsync and the close on libuv's threads: several files sync side by side. */
  async closeAsync(): Promise<void> {
    if (this.fd === null) return;
    this.flush();
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
    this.fd = null;
    await new Promise<void>((resolve, reject) => closeFd(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Closes (if open) and removes the temp file: for when the output is not to be used. */
  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable: the file is removed all the same.
      }
      this.fd = null;
    }
    this.pending = [];
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buf = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.writeOut(buf);
  }

  private writeOut(buf: Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }
}

/** Writes `data` to a temp file beside `target` and fsyncs it; returns the temp path. */
export function writeTemp(target: string, data: string | Uint8Array | Iterable<string | Uint8Array>): string {
  const file = new TempFile(target);
  try {
    // An iterable is written piece by piece, so a large combined file never sits in memory whole.
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) file.write(chunk);
    file.close();
  } catch (err) {
    file.discard();
    throw err;
  }
  return file.path;
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

/** True when `target` is a file that holds exactly `data`. */
function holds(target: string, data: string | Uint8Array): boolean {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    const stat = statSync(target);
    return stat.isFile() && stat.size === bytes.byteLength && readFileSync(target).equals(bytes);
  } catch {
    return false;
  }
}

type Contents = string | Uint8Array | Iterable<string | Uint8Array> | TempFile;

/**
 * Replaces several files of one folder together: all are written to temp files first (or were
 * written already, as a `TempFile`), then renamed into place, so a failure while writing leaves
 * every old file as it was and no temp file behind. A file given as bytes that already holds
 * them is left alone, its modification time too. Returns the paths replaced.
 */
export function replaceAll(dir: string, files: Map<string, Contents>): string[] {
  return commit(dir, stage(dir, files, true));
}

/** Files replaced side by side at most: each holds a descriptor open until it is fsynced. */
const SIDE_BY_SIDE = 16;

/**
 * As `replaceAll`, the temp files fsynced side by side on libuv's threads rather than one after
 * another in this one (a pack's six files; more, such as a pack's pictures, go one by one).
 */
export async function replaceAllAsync(dir: string, files: Map<string, Contents>): Promise<string[]> {
  if (files.size > SIDE_BY_SIDE) return replaceAll(dir, files);
  const staged = stage(dir, files, false);
  const closed = await Promise.allSettled(staged.map(([file]) => file.closeAsync()));
  const failed = closed.find((c) => c.status === 'rejected');
  if (failed) {
    unstage(staged, files);
    throw failed.reason;
  }
  return commit(dir, staged);
}

/**
 * Each file that changes, written to its temp file beside its target; closed (fsynced) as soon
 * as it is written when `close` is true, else left for the caller to close.
 */
function stage(dir: string, files: Map<string, Contents>, close: boolean): [TempFile, string][] {
  mkdirSync(dir, { recursive: true });
  const staged: [TempFile, string][] = [];
  try {
    for (const [name, data] of files) {
      const target = join(dir, name);
      if ((typeof data === 'string' || data instanceof Uint8Array) && holds(target, data)) continue;
      // A pack's media sit one folder down (media/sp-….png); no other folder is made.
      if (dirname(target) === join(dir, 'media')) mkdirSync(dirname(target), { recursive: true });
      if (data instanceof TempFile) {
        // Written beside another target, its rename would not replace this one atomically.
        if (data.target !== target)
          throw new Error(`${data.path} was written for ${data.target}, not ${target}`);
        staged.push([data, target]);
        if (close) data.close();
        continue;
      }
      const file = new TempFile(target);
      staged.push([file, target]);
      // An iterable is written piece by piece, so a large combined file never sits in memory whole.
      for (const chunk of typeof data === 'string' || data instanceof Uint8Array ? [data] : data)
        file.write(chunk);
      if (close) file.close();
    }
  } catch (err) {
    unstage(staged, files);
    throw err;
  }
  return staged;
}

/** Removes every temp file of a replacement that is not to happen. */
function unstage(staged: [TempFile, string][], files: Map<string, Contents>): void {
  for (const [file] of staged) file.discard();
  for (const data of files.values()) if (data instanceof TempFile) data.discard();
}

/** Renames the staged files into place, all or none, and fsyncs the folder. */
function commit(dir: string, staged: [TempFile, string][]): string[] {
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
    for (const [file, target] of staged) {
      renameSync(file.path, target);
      done.push(target);
    }
  } catch (err) {
    for (const [backup, target] of backups) if (done.includes(target)) renameSync(backup, target);
    for (const target of done) if (!backups.some(([, t]) => t === target)) rmSync(target, { force: true });
    for (const [file] of staged) rmSync(file.path, { force: true });
    for (const [backup] of backups) rmSync(backup, { force: true });
    throw err;
  }
  for (const [backup] of backups) rmSync(backup, { force: true });
  fsyncDir(dir);
  return staged.map(([, target]) => target);
}
