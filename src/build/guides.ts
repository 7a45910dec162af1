// Finding guides: the Markdown files of a folder (or the files named on the command line), each
// with a slug that is unique in the build and can never leave `out/`.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { base32 } from '../normalize/id.js';
import { slugFromFile, slugify } from '../normalize/slug.js';

export interface GuideFile {
  /** Absolute path on disk. */
  path: string;
  /** The path shown to people and written into outputs: relative to the working folder. */
  display: string;
  slug: string;
  /** The slug the file name gives before collisions were resolved. */
  baseSlug: string;
}

const GUIDE_EXT = /\.(md|markdown)$/i;

/** Relative, forward-slashed path for outputs and messages; never absolute. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel.startsWith('..') || rel === '' ? basename(path) : rel;
  return shown.split(sep).join('/');
}

/** The Markdown files directly inside `dir`, sorted by name. */
export function listGuides(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => GUIDE_EXT.test(d.name) && !d.name.startsWith('.'))
    .filter((d) => {
      if (d.isFile()) return true;
      if (!d.isSymbolicLink()) return false;
      // A link that leads nowhere, or to itself, is listed all the same: reading it fails and
      // the build reports that guide instead of stopping.
      try {
        return statSync(join(dir, d.name)).isFile();
      } catch {
        return true;
      }
    })
    .map((d) => join(dir, d.name))
    .sort();
}

/** True when `path` is a link whose target lies outside `dir`. */
export function leavesFolder(path: string, dir: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
    const target = realpathSync(path);
    const root = realpathSync(dir);
    return !target.startsWith(`${root}${sep}`);
  } catch {
    return false;
  }
}
/**
 * Gives every guide a distinct slug. When several guides would have the same slug ("My Guide.md"
 * and "my-guide.md", or two front matters asking for one), the guide that had it in the last
 * build keeps it (`owner` names that guide's file as displayed), else the one whose name is the
 * slug, else the first by path; the others get a suffix derived from their own name. So each
 * keeps its slug, and its Anki ids, whatever other files come and go and in whatever order the
 * files are named.
 */
export function assignSlugs(
  paths: string[],
  cwd = process.cwd(),
  requested: (path: string) => string | undefined = () => undefined,
  owner: (slug: string) => string | undefined = () => undefined,
): GuideFile[] {
  const files = paths.map((p) => {
    const path = resolve(p);
    const asked = requested(p);
    const baseSlug = asked ? slugify(asked) : slugFromFile(path);
    return { path, display: displayPath(path, cwd), slug: baseSlug, baseSlug };
  });
  const groups = new Map<string, GuideFile[]>();
  for (const f of files) groups.set(f.baseSlug, [...(groups.get(f.baseSlug) ?? []), f]);
  for (const [slug, group] of groups) {
    if (group.length < 2) continue;
    const byPath = [...group].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
    const keeper =
      group.find((f) => f.display === owner(slug)) ??
      byPath.find((f) => basename(f.path).replace(GUIDE_EXT, '') === slug) ??
      byPath[0];
    // The suffix comes from the file's own name, so it does not change when other files come and go.
    for (const f of group) {
      if (f === keeper) continue;
      const tag = base32(createHash('sha256').update(basename(f.path)).digest()).slice(0, 6);
      f.slug = `${slug}-${tag}`;
    }
  }
  // A front-matter slug may ask for exactly the name a suffix produced: keep every slug distinct.
  const used = new Set<string>();
  const inPathOrder = [...files].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  for (const f of inPathOrder) {
    let n = 2;
    const wanted = f.slug;
    while (used.has(f.slug)) f.slug = `${wanted}-${n++}`;
    used.add(f.slug);
  }
  return files;
}
