// Which guides a build looks at: the guide files named, or those of the folder that
// guides/.studypackignore keeps; each with its slug, narrowed to --only.
import { join } from 'node:path';
import type { Diagnostic } from '../model.js';
import type { GuideFile } from './guides.js';
import { displayPath, listGuides } from './guides.js';
import type { BuildLock } from './identity/build-lock.js';
import { sameOwners, withOwners } from './identity/lock.js';
import { readIgnoreFile } from './ignore-file.js';
import type { Manifest } from './manifest.js';
import { SetupError } from './setup-error.js';
import { slugGuides } from './slugs.js';

export interface SelectContext {
  guidesDir: string;
  outDir: string;
  /** Files named on the command line; when empty, every guide of `guidesDir`. */
  files?: string[] | undefined;
  only?: string[] | undefined;
  manifest: Manifest;
  config: string;
  /** The folder of the identity file. */
  lockDir: string;
  /** Whether the identity file must be read whatever the slugs (a check, --force). */
  needsLock: boolean;
  identity: BuildLock;
  /** Slugs whose outputs were touched but are whole: their new times go into the manifest. */
  restamped: Set<string>;
}

export interface Selected {
  guides: GuideFile[];
  /** Each guide's bytes' hash as read while slugging, or why it could not be read. */
  inputs: Map<GuideFile, string | Error>;
  /** The guides of the folder the ignore file excludes, as displayed. */
  excluded: Set<string>;
  /** The ignore file's problems. */
  diagnostics: Diagnostic[];
  /** True when the identity file's slug owners changed: it is written even with nothing built. */
  ownersChanged: boolean;
}

export async function selectGuides(ctx: SelectContext): Promise<Selected> {
  // guides/.studypackignore picks the guides of the folder; guide files named are built as named.
  const filter = ctx.files?.length ? null : readIgnoreFile(ctx.guidesDir);
  const excluded = new Set<string>();
  const paths = filter
    ? listGuides(ctx.guidesDir, (name) => {
        if (!filter.ignores(name)) return false;
        excluded.add(displayPath(join(ctx.guidesDir, name)));
        return true;
      })
    : (ctx.files ?? []);
  const slugged = await slugGuides(paths, {
    restamped: ctx.restamped,
    manifest: ctx.manifest,
    config: ctx.config,
    outDir: ctx.outDir,
    lockDir: ctx.lockDir,
    needsLock: ctx.needsLock,
    readLock: () => {
      ctx.identity.read();
      return ctx.identity.lock;
    },
  });
  const ownersBefore = ctx.identity.lock.slugs;
  if (slugged.owners) ctx.identity.lock = withOwners(ctx.identity.lock, slugged.owners);
  const ownersChanged = !sameOwners(ownersBefore, ctx.identity.lock.slugs);
  const all = slugged.guides;
  const only = ctx.only ?? [];
  const unknown = only.filter((slug) => !all.some((g) => g.slug === slug));
  if (unknown.length > 0) {
    const known = all.map((g) => g.slug).join(', ') || 'none';
    throw new SetupError(
      `--only: no guide has the slug ${unknown.map((u) => `"${u}"`).join(', ')}; the slugs are: ${known}.`,
    );
  }
  return {
    guides: only.length > 0 ? all.filter((g) => only.includes(g.slug)) : all,
    inputs: slugged.inputs,
    excluded,
    diagnostics: filter?.diagnostics ?? [],
    ownersChanged,
  };
}
