// Where a build keeps what is not in out/ (the identity file, beside the guides), and the rule
// that keeps out/ apart from the guides: it is never their folder, nor a folder above it.
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { problemMessage } from '../errors.js';

/**
 * Where the identity file lives: in the guides folder, or, when guides are named on the command
 * line and there is no guides folder, beside the first of them.
 */
export function identityFolder(options: { guidesDir: string; files?: string[] }): string {
  const first = options.files?.[0];
  if (first === undefined || isDirectory(options.guidesDir)) return options.guidesDir;
  return dirname(first);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The real path of the nearest folder of `path` that exists, plus the rest: the same before and
 * after the rest is created, even when the path goes through a link.
 */
export function realPath(path: string): string {
  let head = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(head), ...rest);
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(path);
      rest.unshift(basename(head));
      head = parent;
    }
  }
}

/** True when `inner` is `outer` or inside it. */
export function within(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`);
}

/**
 * What is wrong with `outDir` as the output folder, or null. Packs go to folders named after the
 * guides and --prune removes them, so out/ may not be the guides folder (or the folder of a
 * guide named on the command line, or of the identity file) nor hold one.
 */
export function outProblem(options: { outDir: string; guidesDir: string; files?: string[] }): string | null {
  const named = options.files ?? [];
  const folders =
    named.length > 0
      ? [...named.map((f) => dirname(resolve(f))), identityFolder(options)]
      : [options.guidesDir];
  const out = realPath(options.outDir);
  for (const folder of folders) {
    const real = realPath(folder);
    if (real === out)
      return problemMessage('out-holds-guides', `--out "${options.outDir}" is the guides folder.`);
    if (within(out, real))
      return problemMessage(
        'out-holds-guides',
        `--out "${options.outDir}" holds the guides folder "${folder}".`,
      );
  }
  return null;
}
