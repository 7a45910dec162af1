// Finding guides: the Markdown files of a folder (or the files named on the command line), each
// with a slug that is unique in the build and can never leave `out/`.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { base32 } from '../normalize/id.js';
import { slugFromFile, slugify } from '../normalize/slug.js';
import type { SlugOwner } from './identity/lock.js';

export interface GuideFile {
  /** Absolute path on disk. */
  path: string;
  /**
   * The path written into outputs and the manifest: relative to the working folder, or the file
   * name alone for a guide outside it, so no output holds where the guides happened to be.
   */
  display: string;
  /** The path shown in messages: relative to the working folder, `../notes/x.md` included. */
  shown: string;
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

/**
 * A path as messages show it: relative to where the command ran, as compilers print them, so it
 * can be pasted into the next command (`../notes/x.md`). Another drive's path stays absolute.
 */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return (rel === '' ? basename(path) : rel).split(sep).join('/');
}

/** The Markdown files directly inside `dir` that `excluded` does not name, sorted by name. */
export function listGuides(dir: string, excluded: (name: string) => boolean = () => false): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => GUIDE_EXT.test(d.name) && !d.name.startsWith('.') && !excluded(d.name))
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
/** The guides of a build, each with the slug its file name or front matter asks for, unresolved. */
export function guideFiles(
  paths: string[],
  cwd = process.cwd(),
  requested: (path: string) => string | undefined = () => undefined,
): GuideFile[] {
  return paths.map((p) => {
    const path = resolve(p);
    const asked = requested(p);
    const baseSlug = asked ? slugify(asked) : slugFromFile(path);
    return { path, display: displayPath(path, cwd), shown: shownPath(path, cwd), slug: baseSlug, baseSlug };
  });
}

/** What the lock says about slugs, for `assignSlugs`. */
export interface SlugOwnership {
  /** Per slug, the guide file that has it, as the lock names it. */
  owners: Record<string, SlugOwner>;
  /** How the lock names a guide file (relative to the lock's folder). */
  keyOf: (path: string) => string;
  /** Whether a guide file the lock names, not in this build, is still there. */
  exists: (key: string) => boolean;
  /**
   * The guide (as displayed) that had a slug in the last build into out/: asked only for a slug
   * the lock names no owner for, as in a lock written before it named owners.
   */
  lastBuilt?: (slug: string) => string | undefined;
}

const NO_OWNERS: SlugOwnership = { owners: {}, keyOf: (path) => path, exists: () => false };

const byDisplay = (a: GuideFile, b: GuideFile): number =>
  a.display < b.display ? -1 : a.display > b.display ? 1 : 0;

/**
 * Gives every guide a distinct slug. The lock file says which guide has which slug, so each
 * keeps its slug, and its Anki ids, whatever other files come and go, in whatever order the
 * files are named, and whether or not out/ is there:
 * 1. a guide keeps the slug the lock gives it, while it asks for what it asked for then (so a
 *    guide suffixed because of another keeps the suffix when the other goes away);
 * 2. a slug the lock gives a guide that still exists but is not in this build stays its own;
 * 3. among the other guides that ask for one slug, the one the lock names for it takes it when it
 *    is free (when the lock names nobody, as one written before it named owners does, the one
 *    that had it in the last build), else the one whose file name is the slug, else the first by
 *    path; the others get a suffix derived from their own name, which does not change when
 *    other files come and go;
 * 4. a slug asked for twice all the same (front matter asking for a suffixed slug) gets `-2`, …
 */
export function assignSlugs(files: GuideFile[], ownership: SlugOwnership = NO_OWNERS): GuideFile[] {
  const { owners, keyOf } = ownership;
  const keys = new Map(files.map((f) => [f, keyOf(f.path)]));
  const present = new Set(keys.values());
  const bySlugOwner = new Map<string, string>();
  for (const [slug, owner] of Object.entries(owners).sort(([a], [b]) => (a < b ? -1 : 1))) {
    bySlugOwner.set(
      `${owner.file}\0${owner.asked}`,
      bySlugOwner.get(`${owner.file}\0${owner.asked}`) ?? slug,
    );
  }
  // 1. The lock's slug, kept.
  const taken = new Set<string>();
  const settled = new Set<GuideFile>();
  for (const f of files) {
    const slug = bySlugOwner.get(`${keys.get(f)}\0${f.baseSlug}`);
    if (slug === undefined || taken.has(slug)) continue;
    f.slug = slug;
    taken.add(slug);
    settled.add(f);
  }
  // 2. Slugs of guides outside this build.
  for (const [slug, owner] of Object.entries(owners)) {
    if (!present.has(owner.file) && ownership.exists(owner.file)) taken.add(slug);
  }
  // 3. The others, by the slug they ask for.
  const groups = new Map<string, GuideFile[]>();
  for (const f of files) {
    if (!settled.has(f)) groups.set(f.baseSlug, [...(groups.get(f.baseSlug) ?? []), f]);
  }
  for (const [slug, group] of groups) {
    const byPath = [...group].sort(byDisplay);
    const owner = owners[slug];
    const previous = owner === undefined ? ownership.lastBuilt?.(slug) : undefined;
    const keeper = taken.has(slug)
      ? undefined
      : (group.find((f) => keys.get(f) === owner?.file) ??
        group.find((f) => f.display === previous) ??
        byPath.find((f) => basename(f.path).replace(GUIDE_EXT, '') === slug) ??
        byPath[0]);
    for (const f of group) {
      if (f === keeper) continue;
      const tag = base32(createHash('sha256').update(basename(f.path)).digest()).slice(0, 6);
      f.slug = `${slug}-${tag}`;
    }
  }
  // 4. Every slug distinct: what the lock gave stays, the rest in path order.
  const used = new Set(taken);
  for (const f of files.filter((g) => !settled.has(g)).sort(byDisplay)) {
    let n = 2;
    const wanted = f.slug;
    while (used.has(f.slug)) f.slug = `${wanted}-${n++}`;
    used.add(f.slug);
  }
  return files;
}
