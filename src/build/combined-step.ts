// Whether out/all.anki.csv, out/all.apkg and out/all.summary.pdf must be made again, and making them: when a
// pack's files changed, when one is missing, when the set of packs or the config changed, or
// with --force; never when two packs share an id.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import type { RenderOptions } from './config.js';
import { manifestCollisions } from './identity/collisions.js';
import { hashBytes, type Manifest } from './manifest.js';
import type { PdfMaker } from './pdfs.js';
import type { BuildReport, GuideReport } from './report.js';

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
  const slugs = [...packs].sort();
  // Keyed by each pack's pack.json and the config (the card key): a guide rebuilt to the
  // same pack (a blank line added) leaves the combined outputs alone.
  const combinedKey = hashBytes(
    slugs
      .map((s) => {
        const g = manifest.guides[s];
        return `${s}:${g?.card?.key ?? `${g?.input}:${g?.config}`}`;
      })
      .join('\n'),
  );
  const anyRewritten = step.reports.some((r) => r.rewritten.length > 0);
  const missing = ['all.anki.csv', 'all.apkg', 'all.summary.pdf'].some(
    (name) => !existsSync(join(outDir, name)),
  );
  // With every pack kept out (their guides have no questions), all.* are made with none.
  if (Object.keys(manifest.guides).length === 0) return { combined: 'skipped', diagnostics };
  if (!(anyRewritten || missing || manifest.combined !== combinedKey || step.force))
    return { combined: 'unchanged', diagnostics };
  const collisions = manifestCollisions(manifest, packs);
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
  await writeCombined(outDir, slugs, manifest, config, step.renderOptions, step.pdfs());
  manifest.combined = combinedKey;
  return { combined: 'built', diagnostics };
}
