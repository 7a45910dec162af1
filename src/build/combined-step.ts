// Whether out/all.anki.csv, out/all.apkg and out/all.summary.pdf must be made again, and making
// them: when a pack's files changed, when one is missing or not as written, when the set of packs
// or the config changed, or with --force; never when two packs share an id, and never from a pack
// whose pack.json does not validate or whose deck is not whole.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { COMBINED_DECK, COMBINED_PACKAGE, COMBINED_SUMMARY } from './combined.js';
import type { RenderOptions } from './config.js';
import { manifestCollisions } from './identity/collisions.js';
import {
  checkStamp,
  entrySnapshot,
  type FileStamp,
  hashBytes,
  type Manifest,
  stampFile,
} from './manifest.js';
import type { PdfMaker } from './pdfs.js';
import type { BuildReport, GuideReport } from './report.js';
import { packProblem } from './usable-packs.js';

export interface CombinedStep {
  outDir: string;
  manifest: Manifest;
  config: string;
  renderOptions: RenderOptions;
  force: boolean;
  reports: GuideReport[];
  /** Where the combined summary is drawn; asked only when it is. */
  pdfs: () => PdfMaker;
}

/** Remakes the combined outputs when needed; records their key in the manifest when it does. */
export async function refreshCombined(
  step: CombinedStep,
): Promise<{ combined: BuildReport['combined']; diagnostics: Diagnostic[] }> {
  const { outDir, manifest, config } = step;
  const diagnostics: Diagnostic[] = [];
  // A pack kept while its guide has no questions is left out.
  const packs = Object.keys(manifest.guides).filter((slug) => !manifest.skipped[slug]);
  // A guide that failed keeps its last good pack, in out/all.* too, even when the manifest that
  // named it is gone (deleted, or damaged and so not used): found by its pack.json.
  const kept = new Map<string, { file: string; key: string }>();
  for (const r of step.reports) {
    if (r.status !== 'failed' || manifest.guides[r.slug] || manifest.skipped[r.slug]) continue;
    try {
      kept.set(r.slug, { file: r.file, key: hashBytes(readFileSync(join(outDir, r.slug, 'pack.json'))) });
    } catch {
      // No pack was ever made of it: nothing to keep.
    }
  }
  const slugs = [...packs, ...kept.keys()].sort();
  // Keyed by each pack's pack.json and the config (the card key): a guide rebuilt to the
  // same pack (a blank line added) leaves the combined outputs alone.
  const combinedKey = hashBytes(
    slugs
      .map((s) => {
        const g = manifest.guides[s];
        return `${s}:${g?.card?.key ?? (g ? `${g.input}:${g.config}` : `kept:${kept.get(s)?.key}`)}`;
      })
      .join('\n'),
  );
  const anyRewritten = step.reports.some((r) => r.rewritten.length > 0);
  // With every pack kept out (their guides have no questions), all.* are made with none.
  if (Object.keys(manifest.guides).length === 0 && kept.size === 0)
    return { combined: 'skipped', diagnostics };
  if (!(anyRewritten || manifest.combined !== combinedKey || step.force) && combinedIntact(outDir, manifest))
    return { combined: 'unchanged', diagnostics };
  // A pack whose files were damaged since they were written (its guide failing, so not rebuilt)
  // is left out: a cut-short deck would give rows Anki cannot read.
  const usable: string[] = [];
  /** What the manifest would say of the kept packs' entries, for the id collision check. */
  const keptRecords: Manifest['guides'] = {};
  for (const slug of slugs) {
    const { problem, pack } = await packProblem(outDir, slug, manifest.guides[slug]);
    if (problem === null) {
      usable.push(slug);
      const k = kept.get(slug);
      if (k && pack)
        keptRecords[slug] = {
          file: k.file,
          input: '',
          config: '',
          outputs: [],
          entries: entrySnapshot(pack),
        };
    } else
      diagnostics.push(
        diagnostic(
          'pack-unusable',
          `${problem}, so ${slug} is left out of ${join(outDir, COMBINED_DECK)} and ${join(outDir, COMBINED_SUMMARY)}.`,
          manifest.guides[slug]?.file ?? kept.get(slug)?.file ?? join(outDir, slug),
        ),
      );
  }
  const collisions = manifestCollisions(
    { ...manifest, guides: { ...manifest.guides, ...keptRecords } },
    usable,
  );
  for (const c of collisions) {
    diagnostics.push(
      diagnostic(
        'id-collision',
        `Id ${c.id} is used by more than one question (${c.where.join(', ')}).`,
        c.file,
      ),
    );
  }
  if (collisions.length > 0) return { combined: 'skipped', diagnostics };
  const { writeCombined } = await import('./combined.js');
  await writeCombined(outDir, usable, manifest, config, step.renderOptions, step.pdfs());
  // Keyed by the packs it was made of: once a left-out pack is whole again, it is made again.
  manifest.combined =
    usable.length === slugs.length ? combinedKey : hashBytes(`${combinedKey}\n${usable.join(',')}`);
  manifest.combinedStamps = Object.fromEntries(
    [COMBINED_DECK, COMBINED_PACKAGE, COMBINED_SUMMARY]
      .filter((name) => existsSync(join(outDir, name)))
      .map((name) => [name, stampFile(join(outDir, name))]),
  );
  return { combined: 'built', diagnostics };
}

/**
 * True when out/all.anki.csv, out/all.apkg and out/all.summary.pdf are there and, when the manifest has their
 * stamps, as the last build wrote them. A stamp renewed on the way (same bytes) is kept.
 */
function combinedIntact(outDir: string, manifest: Manifest): boolean {
  for (const name of [COMBINED_DECK, COMBINED_PACKAGE, COMBINED_SUMMARY]) {
    const stamp: FileStamp | undefined = manifest.combinedStamps?.[name];
    const check = stamp ? checkStamp(join(outDir, name), stamp) : { intact: existsSync(join(outDir, name)) };
    // A build with no package to write (no pack at all) leaves no all.apkg to find.
    if (!check.intact) return false;
    if (check.restamped && manifest.combinedStamps) manifest.combinedStamps[name] = check.restamped;
  }
  return true;
}
