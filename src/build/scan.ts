// What the build needs of a guide before it decides anything: a hash of its bytes and the slug
// its front matter asks for, read as extraction reads it (the read stage's text, then YAML)
// without parsing the whole guide. Each guide is read once for it, one at a time.
import { readFileSync } from 'node:fs';
import { askedSlug } from '../normalize/slug.js';
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

/** A guide's bytes, or why they could not be read. */
export function readBytes(path: string): Uint8Array | Error {
  try {
    return readFileSync(path);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
