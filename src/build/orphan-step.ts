// The packs of out/ whose guide is gone or now ignored: listed, or removed with --prune; and the
// guides once skipped for having no questions that are gone, forgotten.
import type { Diagnostic } from '../model.js';
import type { BuildLock } from './identity/build-lock.js';
import { retainProjects } from './identity/lock.js';
import type { Manifest } from './manifest.js';
import { findOrphans, removePack } from './orphans.js';
import type { BuildReport, GuideReport } from './report.js';

export interface OrphanStep {
  outDir: string;
  manifest: Manifest;
  /** The slugs of this build's guides. */
  current: Set<string>;
  /** The slugs the manifest had before this build. */
  slugsBefore: Set<string>;
  reports: GuideReport[];
  /** The guides of the folder the ignore file excludes, as displayed. */
  excluded: Set<string>;
  /** Whether the orphans' packs are removed (--prune, and not a check). */
  remove: boolean;
  identity: BuildLock;
}

export function settleOrphans(step: OrphanStep): {
  orphans: BuildReport['orphans'];
  diagnostics: Diagnostic[];
  /** True when the manifest forgot a skipped guide. */
  manifestChanged: boolean;
} {
  const { manifest, current } = step;
  const orphans: BuildReport['orphans'] = [];
  const diagnostics: Diagnostic[] = [];
  for (const orphan of findOrphans(manifest, current, step.slugsBefore, step.reports)) {
    if (orphan.renamed) diagnostics.push(orphan.renamed);
    // Its guide is still there, but excluded: said, and otherwise treated as a deleted one.
    const ignored = step.excluded.has(manifest.guides[orphan.slug]?.file ?? '');
    if (step.remove) {
      step.identity.read();
      removePack(step.outDir, orphan.slug, manifest.guides[orphan.slug]?.outputs ?? []);
      delete manifest.guides[orphan.slug];
      delete manifest.skipped[orphan.slug];
      step.identity.lock = retainProjects(step.identity.lock, [...current, ...Object.keys(manifest.guides)]);
    }
    orphans.push({ slug: orphan.slug, removed: step.remove, ...(ignored ? { ignored: true as const } : {}) });
  }
  // A skipped guide that is gone and left no pack is forgotten.
  let manifestChanged = false;
  for (const slug of Object.keys(manifest.skipped)) {
    if (current.has(slug) || manifest.guides[slug]) continue;
    delete manifest.skipped[slug];
    manifestChanged = true;
  }
  return { orphans, diagnostics, manifestChanged };
}
