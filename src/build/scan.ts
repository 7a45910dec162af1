// Reading a guide's bytes for the build, and the slug its front matter asks for, without
// parsing the whole guide.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** The slug a guide asks for in its front matter, read without parsing the whole guide. */
export function frontMatterSlug(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(head);
  const slug = fm?.[1] ? /^slug:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(fm[1])?.[1] : undefined;
  return slug?.trim() || undefined;
}

/** The first 4 KiB of a file: enough for its front matter, without holding every guide in memory. */
export function readHead(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return new Uint8Array();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A guide's bytes, or why they could not be read. */
export function readBytes(path: string): Uint8Array | Error {
  try {
    return readFileSync(path);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
