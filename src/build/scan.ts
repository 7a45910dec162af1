// What the build needs of a guide before it decides anything: a hash of its bytes and the slug
// its front matter asks for, read as extraction reads it (the read stage's text, then YAML)
// without parsing the whole guide. Each guide is read once for it, one at a time.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { askedSlug } from '../normalize/slug.js';
import { MAX_GUIDE_BYTES, tooLarge } from '../read/limits.js';
import { hashBytes } from './manifest.js';

export interface Scanned {
  /** The hash of the guide's bytes, or why they could not be read. */
  input: string | Error;
  /** The slug its front matter asks for, before slugify. */
  asked: string | undefined;
}

/** Reads one guide for the build's plan. */
export async function scanGuide(path: string): Promise<Scanned> {
  const bytes = readBytes(path);
  if (bytes instanceof Error) return { input: bytes, asked: undefined };
  return { input: hashBytes(bytes), asked: await frontMatterSlug(bytes, path) };
}

const FENCE = [0x2d, 0x2d, 0x2d];
const BOM = [0xef, 0xbb, 0xbf];

/** True when the bytes start, after any BOMs, with `---`: only then can a guide have front matter. */
function mayHaveFrontMatter(bytes: Uint8Array): boolean {
  let at = 0;
  while (BOM.every((b, k) => bytes[at + k] === b)) at += BOM.length;
  return FENCE.every((b, k) => bytes[at + k] === b);
}

/**
 * The slug a guide's front matter asks for, as it will be read when the guide is built. The
 * read stage and the YAML parser are loaded on the first guide that may have front matter.
 */
export async function frontMatterSlug(bytes: Uint8Array, file: string): Promise<string | undefined> {
  if (!mayHaveFrontMatter(bytes)) return undefined;
  const [{ readGuide }, { readFrontMatter }] = await Promise.all([
    import('../read/index.js'),
    import('../parse/front-matter.js'),
  ]);
  const read = readGuide(bytes, file);
  return read.ok ? askedSlug(readFrontMatter(read.text, file).data) : undefined;
}

/** A guide that is not a regular file: reading a device or FIFO may never end. */
export class NotAFile extends Error {}

/** A guide over the size limit: only the limit and one byte more were read. */
export class GuideTooLarge extends Error {
  constructor(readonly size: number) {
    super(`it is ${size} bytes, more than ${MAX_GUIDE_BYTES}`);
  }
}

/** What a special file is, in words, for messages. */
export function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'not a file';
}

/**
 * A guide's bytes, or why they could not be read. Opened without blocking (a FIFO with no writer
 * would block the open), checked to be a regular file on the open descriptor, so a file swapped
 * for a link to /dev/zero after the command line was checked is refused too, and read only up to
 * the size limit and one byte more, whatever its size said.
 */
export function readBytes(path: string): Uint8Array | Error {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return new NotAFile(`it is not a regular file (${fileKind(stat)})`);
    if (stat.size > MAX_GUIDE_BYTES) return new GuideTooLarge(stat.size);
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, MAX_GUIDE_BYTES) + 1);
    let length = 0;
    // The file may grow while it is read: the loop stops one byte past the limit.
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > MAX_GUIDE_BYTES) return new GuideTooLarge(length);
        break;
      }
    }
    return buffer.subarray(0, length);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The error of a guide that could not be read, as its report says it. */
export function readProblem(display: string, err: Error): Diagnostic {
  if (err instanceof GuideTooLarge) return tooLarge(display, err.size);
  if (err instanceof NotAFile)
    return diagnostic('not-a-file', `${display} is not read: ${err.message}.`, display);
  return diagnostic('read-failed', `${display} could not be read: ${err.message}`, display);
}
