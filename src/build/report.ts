// What a build says: one report per guide (status, diagnostics, what changed, which files were
// rewritten) and one for the build. The CLI prints it; --json gives it as it is.
import type { Diagnostic } from '../model.js';
import { type GuideChanges, noChanges } from './changes.js';
import type { GuideFile } from './guides.js';

/**
 * `skipped`: the guide has no questions, so it gets no pack (a pack an earlier build made of it
 * is kept as it was, and left out of out/all.*); a warning, not a failure.
 */
export type GuideStatus = 'built' | 'unchanged' | 'failed' | 'checked' | 'skipped';

export interface GuideReport {
  file: string;
  slug: string;
  status: GuideStatus;
  entries: number;
  diagnostics: Diagnostic[];
  changes: GuideChanges;
  /** One sentence per question whose id was kept through a rewording. */
  keptIds: string[];
  /**
   * The pack's files, as `<slug>/<name>`; of a skipped guide, those an earlier build made and
   * this one kept.
   */
  outputs: string[];
  /** Those this build wrote because their bytes changed (a built guide may change none). */
  rewritten: string[];
}

export interface BuildReport {
  guides: GuideReport[];
  /**
   * Packs of guides that no longer exist, or that .studypackignore now excludes (`ignored`):
   * removed with --prune, else left and listed.
   */
  orphans: { slug: string; removed: boolean; ignored?: true }[];
  combined: 'built' | 'unchanged' | 'skipped';
  /** Threads that built guides or their PDFs: 1 when this thread built them alone. */
  threads: number;
  /** True when out/ could not be written (disk full, read-only, permissions): exit status 2. */
  environmentFailed: boolean;
  /** Problems that belong to no single guide (identity file, id collisions). */
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** The report of one guide: nothing found, nothing changed, unless `extra` says otherwise. */
export function guideReport(
  guide: Pick<GuideFile, 'display' | 'shown' | 'slug'>,
  status: GuideStatus,
  extra: Partial<GuideReport> = {},
): GuideReport {
  const report: GuideReport = {
    file: guide.shown,
    slug: guide.slug,
    status,
    entries: 0,
    diagnostics: [],
    changes: noChanges(),
    keptIds: [],
    outputs: [],
    rewritten: [],
    ...extra,
  };
  // Diagnostics name the guide as outputs do; people are shown where it is from here.
  if (guide.shown !== guide.display)
    report.diagnostics = report.diagnostics.map((d) =>
      d.file === guide.display ? { ...d, file: guide.shown } : d,
    );
  return report;
}
