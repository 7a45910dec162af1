// Packs in out/ whose guide is gone: found from the manifest, said to be a renamed guide when a
// new guide holds most of their questions, and removed with --prune.
import { lstatSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { realPath } from './folders.js';
import type { Manifest } from './manifest.js';
import { MEDIA_DIR } from './media.js';
import type { GuideReport } from './report.js';

export interface Orphan {
  slug: string;
  /** The warning that a guide built under a new slug looks like this one renamed, if one does. */
  renamed: Diagnostic | null;
}

/**
 * The guide built under a new slug that holds most of the questions of the vanished pack `slug`:
 * the same guide, renamed (or given another front-matter slug).
 */
function renamedTo(
  slug: string,
  manifest: Manifest,
  slugsBefore: Set<string>,
  reports: GuideReport[],
): GuideReport | undefined {
  const questions = (s: string): Set<string> =>
    new Set(Object.values(manifest.guides[s]?.entries ?? {}).map((e) => e.q.toLowerCase()));
  const old = questions(slug);
  if (old.size === 0) return undefined;
  return reports.find((r) => {
    if (r.status !== 'built' || slugsBefore.has(r.slug)) return false;
    const now = questions(r.slug);
    let shared = 0;
    for (const q of old) if (now.has(q)) shared++;
    return shared >= Math.max(1, old.size / 2);
  });
}

/** The packs of the manifest whose slug no guide of this build has, sorted by slug. */
export function findOrphans(
  manifest: Manifest,
  current: Set<string>,
  slugsBefore: Set<string>,
  reports: GuideReport[],
): Orphan[] {
  return Object.keys(manifest.guides)
    .sort()
    .filter((slug) => !current.has(slug))
    .map((slug) => {
      const heir = renamedTo(slug, manifest, slugsBefore, reports);
      const renamed = heir
        ? diagnostic(
            'renamed-guide',
            `${heir.file} looks like ${manifest.guides[slug]?.file} renamed: its questions got new ids under "${heir.slug}", so importing its deck makes duplicate notes in Anki. To keep the notes of "${slug}", put "slug: ${slug}" in its front matter and build again.`,
            heir.file,
          )
        : null;
      return { slug, renamed };
    });
}

/**
 * Removes what studypack wrote of an orphan's pack: the files the manifest lists, then their
 * folder once it is empty. Anything else in the folder (a file or folder of the user's) stays,
 * and so does the folder. The manifest is not trusted with paths: the folder must be a real
 * folder of out/ (not a link out of it) and each file a plain name in it, or nothing is removed.
 */
export function removePack(outDir: string, slug: string, outputs: string[]): void {
  const dir = removeOutputs(outDir, slug, outputs);
  if (dir === null) return;
  removeEmptyFolder(dir);
}

/**
 * Removes files a pack no longer makes (an image no card uses any more), named as the manifest
 * lists them: plain names in out/<slug>/, or in its media/ folder, which goes once it is empty.
 * Returns the pack's folder, or null when it is not a real folder of out/.
 */
export function removeOutputs(outDir: string, slug: string, outputs: string[]): string | null {
  const dir = packFolder(outDir, slug);
  if (dir === null) return null;
  const media = join(dir, MEDIA_DIR);
  let fromMedia = false;
  for (const name of outputs) {
    const path = resolve(dir, name);
    const folder = dirname(path);
    if (folder !== dir && folder !== media) continue;
    if (folder === media) {
      // The media folder must be a real folder of the pack, not a link out of it.
      try {
        if (!lstatSync(media).isDirectory()) continue;
      } catch {
        continue;
      }
      fromMedia = true;
    }
    try {
      if (!lstatSync(path).isDirectory()) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  }
  if (fromMedia) removeEmptyFolder(media);
  return dir;
}

function removeEmptyFolder(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
}

/** The real path of out/<slug>/ when it is a folder (not a link) directly inside out/, else null. */
function packFolder(outDir: string, slug: string): string | null {
  const root = realPath(outDir);
  const dir = resolve(root, slug);
  if (dirname(dir) !== root) return null;
  try {
    if (!lstatSync(dir).isDirectory()) return null;
  } catch {
    return null;
  }
  return dir;
}
