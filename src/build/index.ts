// The build: every guide → its pack and outputs in out/<slug>/. Unchanged guides are skipped
// without touching a file; one guide's failure never stops the others nor replaces its last
// good outputs; a pack's files are replaced together, the manifest last.
import { mkdirSync } from 'node:fs';
import type { Diagnostic } from '../model.js';
import { replaceAll } from './atomic.js';
import { refreshCombined } from './combined-step.js';
import { configHash, type RenderOptions } from './config.js';
import { identityFolder, outProblem } from './folders.js';
import { BuildLock } from './identity/build-lock.js';
import { emptyManifest, MANIFEST_NAME, readManifest, serializeManifest } from './manifest.js';
import { settleOrphans } from './orphan-step.js';
import { lockOut } from './out-lock.js';
import { IN_THREAD, type PdfMaker } from './pdfs.js';
import type { Placement } from './placement.js';
import { type Planned, planGuide } from './plan.js';
import type { BuildReport, GuideReport } from './report.js';
import { type GuideRun, runGuides } from './run-guides.js';
import { selectGuides } from './select.js';
import type { Settled } from './settle.js';
import { SetupError } from './setup-error.js';
import { boundHeapGrowth, optimizeOnlyHotCode } from './v8-flags.js';

export type { BuildReport, GuideReport, GuideStatus } from './report.js';
export { SetupError } from './setup-error.js';

export interface BuildOptions {
  guidesDir: string;
  outDir: string;
  /** Files named on the command line; when empty, every guide of `guidesDir`. */
  files?: string[];
  only?: string[];
  /** Diagnostics only: nothing is written. */
  checkOnly?: boolean;
  /**
   * For a check: whether `outDir` is the packs' folder, to say which packs have no guide. A
   * check of guides elsewhere is not compared with an out/ it was not given.
   */
  compareOut?: boolean;
  /** Rebuild every guide, changed or not. */
  force?: boolean;
  /** Remove the packs of guides that no longer exist. */
  prune?: boolean;
  paper?: RenderOptions['paper'];
  /**
   * Threads at most; 1 builds in this thread. Workers are started only where the work pays for
   * them (see placement.ts).
   */
  jobs?: number;
  /**
   * Where the PDFs are made when the build starts no worker of its own: a maker kept from one
   * build to the next (--watch keeps its PDF worker warm); this thread by default.
   */
  pdfs?: PdfMaker;
  /** Where the guides are built, instead of the choice from the work and the cores: for tests. */
  placement?: Placement;
  /** Called once when another build holds out/ and this one waits for it. */
  onWait?: (pid: number) => void;
  /** Called as each guide finishes, in file order. */
  onGuide?: (report: GuideReport, index: number, total: number) => void;
}

/**
 * Guides to build from which heaps grow by at most their size (see boundHeapGrowth); a smaller
 * build runs too briefly to pay for optimizing code early (see optimizeOnlyHotCode).
 */
const LARGE_BUILD = 32;

/** Builds (or checks) every guide; one report per guide, in file-name order. */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const misplaced = options.checkOnly ? null : outProblem(options);
  if (misplaced) throw new SetupError(misplaced);
  if (options.checkOnly) return buildLocked(options);
  const lock = await lockOut(options.outDir, options.onWait, undefined, identityFolder(options));
  try {
    return await buildLocked(options);
  } finally {
    lock.release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const renderOptions: RenderOptions = { paper: options.paper ?? 'a4' };
  const checkOnly = options.checkOnly ?? false;
  const config = configHash(renderOptions);
  const manifest =
    options.checkOnly && options.compareOut === false ? emptyManifest() : readManifest(options.outDir);
  const slugsBefore = new Set(Object.keys(manifest.guides));
  const diagnostics: Diagnostic[] = [];
  const identity = new BuildLock(identityFolder(options), (problems) => diagnostics.unshift(...problems));
  // A check reports a damaged identity file with the guides' problems.
  if (checkOnly) identity.read();

  /** Slugs whose outputs were touched but are whole: their new times go into the manifest. */
  const restamped = new Set<string>();
  const selected = await selectGuides({
    guidesDir: options.guidesDir,
    outDir: options.outDir,
    files: options.files,
    only: options.only,
    manifest,
    config,
    lockDir: identityFolder(options),
    needsLock: checkOnly || Boolean(options.force),
    identity,
    restamped,
  });
  const { guides } = selected;
  diagnostics.push(...selected.diagnostics);
  // An out/ that cannot be a folder (a file is in the way) fails the build once, not each guide.
  if (!checkOnly) mkdirSync(options.outDir, { recursive: true });

  const reports: GuideReport[] = new Array(guides.length);
  let environmentFailed = false;
  /** True when the manifest changed other than by a pack built or removed (a guide skipped). */
  let manifestChanged = false;
  let done = 0;
  // Reports are handed on in file order, whatever order the workers finish in.
  const finish = (i: number, r: GuideReport): void => {
    reports[i] = r;
    while (reports[done]) {
      options.onGuide?.(reports[done] as GuideReport, done, guides.length);
      done++;
    }
  };

  // First what to build: unchanged guides are reported and left alone.
  const planContext = {
    guidesDir: options.guidesDir,
    outDir: options.outDir,
    manifest,
    config,
    checkOnly,
    force: options.force ?? false,
    restamped,
  };
  const planned: Planned[] = [];
  for (const [i, guide] of guides.entries()) {
    const input = selected.inputs.get(guide) ?? new Error('it was not read');
    const plan = await planGuide(i, guide, input, planContext);
    if ('status' in plan) finish(i, plan);
    else planned.push(plan);
  }
  // Files touched but whole: their new times are written down, so they are not hashed again.
  if (restamped.size > 0) manifestChanged = true;

  let run: GuideRun = { threads: 1, combinedPdfs: options.pdfs ?? IN_THREAD, close: async () => {} };
  if (planned.length > 0) {
    const { templatesProblem } = await import('./templates.js');
    const problem = templatesProblem();
    if (problem) throw new SetupError(problem);
    identity.read();
    const { stampNoteType } = await import('./anki-times.js');
    const changeTime = stampNoteType(identity.lock);
    const settleContext = { outDir: options.outDir, manifest, config, renderOptions, identity, changeTime };
    const jobs = Math.max(1, options.jobs ?? 1);
    const settled = (p: Planned, outcome: Settled): void => {
      if (outcome.environmentFailed) environmentFailed = true;
      if (outcome.manifestChanged) manifestChanged = true;
      finish(p.i, outcome.report);
    };
    if (planned.length >= LARGE_BUILD) await boundHeapGrowth();
    else await optimizeOnlyHotCode();
    run = await runGuides(planned, jobs, settleContext, settled, options.placement, options.pdfs);
  }
  let orphans: BuildReport['orphans'] = [];
  let combined: BuildReport['combined'] = 'skipped';
  try {
    if (!options.only?.length && !options.files?.length) {
      const swept = settleOrphans({
        outDir: options.outDir,
        manifest,
        current: new Set(guides.map((g) => g.slug)),
        slugsBefore,
        reports,
        excluded: selected.excluded,
        remove: Boolean(options.prune) && !checkOnly,
        identity,
      });
      orphans = swept.orphans;
      diagnostics.push(...swept.diagnostics);
      if (swept.manifestChanged) manifestChanged = true;
    }

    if (!checkOnly) {
      const step = await refreshCombined({
        outDir: options.outDir,
        manifest,
        config,
        renderOptions,
        force: options.force ?? false,
        reports,
        pdfs: () => run.combinedPdfs,
      });
      combined = step.combined;
      diagnostics.push(...step.diagnostics);
      const anyBuilt = reports.some((r) => r.status === 'built');
      const anyWrite = anyBuilt || combined === 'built' || orphans.some((o) => o.removed) || manifestChanged;
      if (anyWrite || selected.ownersChanged) {
        const kept = identity.write();
        if (kept) diagnostics.push(kept);
      }
      if (anyWrite) {
        manifest.config = config;
        mkdirSync(options.outDir, { recursive: true });
        replaceAll(options.outDir, new Map([[MANIFEST_NAME, serializeManifest(manifest)]]));
      }
    }
  } finally {
    await run.close();
  }

  const ok = reports.every((r) => r.status !== 'failed') && !diagnostics.some((d) => d.severity === 'error');
  return { guides: reports, orphans, combined, threads: run.threads, diagnostics, ok, environmentFailed };
}
