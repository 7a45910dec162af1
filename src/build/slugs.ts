// Which slug each guide of a build gets. Every guide is read once, one at a time, for the hash
// of its bytes and the slug its front matter asks for; the lock file says which guide has which
// slug, and is read for it only when that can matter.
import { relative, resolve, sep } from 'node:path';
import { isFile } from './folders.js';
import { assignSlugs, type GuideFile, guideFiles } from './guides.js';
import type { IdentityLock, SlugOwner } from './identity/lock.js';
import type { Manifest } from './manifest.js';
import { skippedBefore, upToDate } from './plan.js';
import { type Scanned, scanGuide } from './scan.js';

export interface SlugContext {
  manifest: Manifest;
  config: string;
  outDir: string;
  /** The folder of the lock file: guide files are named relative to it there. */
  lockDir: string;
  /** True when the build reads the lock whatever happens (--force, check). */
  needsLock: boolean;
  /** Reads the lock (once) and gives the build's copy of it. */
  readLock: () => IdentityLock;
  /** Slugs whose output stamps were renewed on the way (see `damagedOutputs`). */
  restamped?: Set<string>;
}

export interface SlugResult {
  /** Every guide, in the order of the paths, with its slug. */
  guides: GuideFile[];
  /** Per guide, the hash of its bytes as read here, or why they could not be read. */
  inputs: Map<GuideFile, string | Error>;
  /** What the lock should say of the readable guides' slugs now; null when it was not read. */
  owners: ({ slug: string } & SlugOwner)[] | null;
}

/**
 * The guides of `paths` with their slugs. When every guide is built (or skipped for having no
 * questions), as the manifest remembers, under the slug it asks for, and no two ask for one, the lock could only agree: it is left
 * unread, so that a rebuild with nothing to do does not parse megabytes of it.
 */
export async function slugGuides(
  paths: string[],
  ctx: SlugContext,
  cwd = process.cwd(),
): Promise<SlugResult> {
  const scanned = new Map<string, Scanned>();
  for (const path of paths) scanned.set(path, await scanGuide(path));
  const guides = guideFiles(paths, cwd, (p) => scanned.get(p)?.asked);
  const inputs = new Map(
    guides.map((g, i) => [g, scanned.get(paths[i] ?? '')?.input ?? new Error('it was not read')]),
  );
  const asks = new Map<string, number>();
  for (const g of guides) asks.set(g.baseSlug, (asks.get(g.baseSlug) ?? 0) + 1);
  const settled = guides.every((g) => {
    const input = inputs.get(g);
    return (
      asks.get(g.baseSlug) === 1 &&
      typeof input === 'string' &&
      (upToDate(g, g.baseSlug, input, ctx) || skippedBefore(g, g.baseSlug, input, ctx))
    );
  });
  if (settled && !ctx.needsLock) return { guides, inputs, owners: null };

  const lock = ctx.readLock();
  const keyOf = (path: string): string => relative(resolve(ctx.lockDir), path).split(sep).join('/');
  assignSlugs(guides, {
    owners: lock.slugs,
    keyOf,
    exists: (key) => isFile(resolve(ctx.lockDir, key)),
    lastBuilt: (slug) => ctx.manifest.guides[slug]?.file,
  });
  // A guide that could not be read asked for nothing: what the lock says of it stays.
  const owners = guides
    .filter((g) => typeof inputs.get(g) === 'string')
    .map((g) => ({ slug: g.slug, file: keyOf(g.path), asked: g.baseSlug }));
  return { guides, inputs, owners };
}
