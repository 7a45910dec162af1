// The build: every guide → its pack and outputs in out/<slug>/. Unchanged guides are skipped
// without touching a file; one guide's failure never stops the others nor replaces its last
// good outputs; a pack's files are replaced together, the manifest last.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { replaceAll } from './atomic.js';
import { noChanges } from './changes.js';
import { refreshCombined } from './combined-step.js';
import { configHash, type RenderOptions } from './config.js';
import { identityFolder, outProblem } from './folders.js';
import type { GuideJob, GuideResult } from './guide-job.js';
import { displayPath, listGuides } from './guides.js';
import { emptyLock, type IdentityLock, retainProjects, sameOwners, withOwners } from './identity/lock.js';
import { type LockFileState, lockPathFor, readLockFile, writeLockFile } from './identity/lock-file.js';
import { type GuideFilter, readIgnoreFile } from './ignore-file.js';
import { emptyManifest, hashBytes, MANIFEST_NAME, readManifest, serializeManifest } from './manifest.js';
import { findOrphans, removeOutputs, removePack } from './orphans.js';
import { lockOut } from './out-lock.js';
import { IN_THREAD, type PdfMaker, PdfWorker } from './pdfs.js';
import { keptOutputs, type Planned, planGuide } from './plan.js';
import { RenderPool } from './pool.js';
import { type BuildReport, type GuideReport, guideReport } from './report.js';
import { readBytes, readProblem } from './scan.js';
import { slugGuides } from './slugs.js';

export type { BuildReport, GuideReport, GuideStatus } from './report.js';

/**
 * Below this many guides to build per worker, building them all in this thread (the PDFs on one
 * worker) is faster: each pool worker loads the parser, the PDF code, the fonts, SQLite and the
 * NLP model cold. At 10 guides, two workers took 1.10× the wall time and 1.38× the CPU of
 * `--jobs 1`; this thread with its PDF worker takes 0.87× and 1.03× (npm run bench --jobs-check).
 */
const GUIDES_PER_WORKER = 8;

/**
 * The setup, not a guide, is wrong: an option names something that is not there (`--only
 * nosuch`), or a template or the taxonomy cannot be read. Exit status 2.
 */
export class SetupError extends Error {}

/** errno codes that say the machine, not a guide, is at fault: the build exits 2. */
const ENVIRONMENT_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EROFS',
  'EDQUOT',
  'EMFILE',
  'ENFILE',
  'EIO',
  // out/ (or a folder above it) is a file.
  'ENOTDIR',
  'EEXIST',
]);

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
  /** Worker threads for rendering; 1 renders in this thread. */
  jobs?: number;
  /**
   * Where the PDFs are made when the build starts no worker of its own: a maker kept from one
   * build to the next (--watch keeps its PDF worker warm); this thread by default.
   */
  pdfs?: PdfMaker;
  /** Called once when another build holds out/ and this one waits for it. */
  onWait?: (pid: number) => void;
  /** Called as each guide finishes, in file order. */
  onGuide?: (report: GuideReport, index: number, total: number) => void;
}

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
  // guides/.studypackignore picks the guides of the folder; guide files named are built as named.
  const filter: GuideFilter | null = options.files?.length ? null : readIgnoreFile(options.guidesDir);
  /** The guides of the folder the ignore file excludes, as displayed. */
  const excluded = new Set<string>();
  const paths = filter
    ? listGuides(options.guidesDir, (name) => {
        if (!filter.ignores(name)) return false;
        excluded.add(displayPath(join(options.guidesDir, name)));
        return true;
      })
    : (options.files ?? []);
  const manifest =
    options.checkOnly && options.compareOut === false ? emptyManifest() : readManifest(options.outDir);
  const slugsBefore = new Set(Object.keys(manifest.guides));
  const diagnostics: Diagnostic[] = [...(filter?.diagnostics ?? [])];
  // The identity file is read only when a pack is built or removed, or a slug is in question: a
  // rebuild with nothing to do never reads it (at a thousand guides it is megabytes of JSON).
  let lockState: LockFileState | undefined;
  let lock: IdentityLock = emptyLock();
  const identity = (): LockFileState => {
    if (lockState) return lockState;
    const state = readLockFile(lockPathFor(identityFolder(options)));
    lockState = state;
    // A copy of its own: the build replaces projects in it as guides are built.
    lock = { ...state.lock, projects: { ...state.lock.projects } };
    diagnostics.unshift(
      ...state.problems.map((p) => diagnostic('identity-file-invalid', `${state.path}: ${p}.`, state.path)),
    );
    return state;
  };
  // A check reports a damaged identity file with the guides' problems.
  if (checkOnly) identity();

  /** Slugs whose outputs were touched but are whole: their new times go into the manifest. */
  const restamped = new Set<string>();
  const slugged = await slugGuides(paths, {
    restamped,
    manifest,
    config,
    outDir: options.outDir,
    lockDir: identityFolder(options),
    needsLock: checkOnly || Boolean(options.force),
    readLock: () => {
      identity();
      return lock;
    },
  });
  let guides = slugged.guides;
  const ownersBefore = lock.slugs;
  if (slugged.owners) lock = withOwners(lock, slugged.owners);
  const ownersChanged = !sameOwners(ownersBefore, lock.slugs);
  if (options.only?.length) {
    const unknown = options.only.filter((slug) => !guides.some((g) => g.slug === slug));
    if (unknown.length > 0) {
      const known = guides.map((g) => g.slug).join(', ') || 'none';
      throw new SetupError(
        `--only: no guide has the slug ${unknown.map((u) => `"${u}"`).join(', ')}; the slugs are: ${known}.`,
      );
    }
    guides = guides.filter((g) => options.only?.includes(g.slug));
  }
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
    const input = slugged.inputs.get(guide) ?? new Error('it was not read');
    const plan = await planGuide(i, guide, input, planContext);
    if ('status' in plan) finish(i, plan);
    else planned.push(plan);
  }
  // Files touched but whole: their new times are written down, so they are not hashed again.
  if (restamped.size > 0) manifestChanged = true;

  /** The job of a planned guide, from its bytes as they are now; null when they cannot be read. */
  const jobFor = (p: Planned): { job: GuideJob; input: string } | null => {
    const data = readBytes(p.guide.path);
    if (data instanceof Error) {
      finish(p.i, guideReport(p.guide, 'failed', { diagnostics: [readProblem(p.guide.display, data)] }));
      return null;
    }
    const job: GuideJob = {
      bytes: data,
      path: p.guide.path,
      display: p.guide.display,
      slug: p.guide.slug,
      outDir: options.outDir,
      options: renderOptions,
      lockProject: lock.projects[p.guide.slug] ?? {},
      previous: manifest.guides[p.guide.slug]?.entries,
      config,
      noteTypeChanged: lock.noteType?.changed ?? 0,
      changeTime: changes.now,
    };
    return { job, input: hashBytes(data) };
  };

  /** Records what building a guide gave: its report, its manifest record, its identity entries. */
  const settle = (p: Planned, input: string, outcome: GuideResult | Error): void => {
    const { i, guide, extra } = p;
    if (outcome instanceof Error) {
      const code = (outcome as NodeJS.ErrnoException).code;
      const reason = outcome.message.split('\n')[0];
      // A disk that is full or read-only is the environment's fault, not the guide's.
      const environment = code !== undefined && ENVIRONMENT_CODES.has(code);
      if (environment) environmentFailed = true;
      const d = environment
        ? diagnostic(
            'write-failed',
            `${join(options.outDir, guide.slug)}/ could not be written (${code}): ${reason}`,
            guide.display,
          )
        : diagnostic('render-failed', `${guide.display} could not be built: ${reason}`, guide.display);
      finish(i, guideReport(guide, 'failed', { diagnostics: [...extra, d] }));
      return;
    }
    const r = outcome;
    if (r.skipped) {
      // No questions: no pack. One an earlier build made stays as it was, out of out/all.*.
      const before = manifest.skipped[guide.slug];
      if (before?.file !== guide.display || before.input !== input || before.config !== config) {
        manifest.skipped[guide.slug] = { file: guide.display, input, config };
        manifestChanged = true;
      }
      const outputs = keptOutputs(guide.slug, { manifest, outDir: options.outDir });
      finish(i, guideReport(guide, 'skipped', { diagnostics: [...r.diagnostics, ...extra], outputs }));
      return;
    }
    if (!r.ok || !r.snapshot || !r.lockProject) {
      finish(
        i,
        guideReport(guide, 'failed', { diagnostics: [...r.diagnostics, ...extra], entries: r.entries }),
      );
      return;
    }
    lock.projects[guide.slug] = r.lockProject;
    delete manifest.skipped[guide.slug];
    // Files the pack made last time and no longer makes, such as an image no card shows now.
    const stale = (manifest.guides[guide.slug]?.outputs ?? []).filter((name) => !r.outputs.includes(name));
    if (stale.length > 0) removeOutputs(options.outDir, guide.slug, stale);
    manifest.guides[guide.slug] = {
      file: guide.display,
      input,
      config,
      outputs: r.outputs,
      ...(r.stamps ? { stamps: r.stamps } : {}),
      entries: r.snapshot,
      ...(r.card ? { card: r.card } : {}),
    };
    finish(
      i,
      guideReport(guide, 'built', {
        entries: r.entries,
        diagnostics: [...r.diagnostics, ...extra],
        changes: r.changes ?? noChanges(),
        keptIds: r.keptIds,
        outputs: r.outputs.map((name) => `${guide.slug}/${name}`),
        rewritten: (r.rewritten ?? r.outputs).map((name) => `${guide.slug}/${name}`),
      }),
    );
  };
  const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

  const jobs = Math.max(1, options.jobs ?? 1);
  let threads = 1;
  // With a second thread to spare, the PDFs of a few guides are made on a worker while this
  // thread reads and parses the next guide, and the worker makes the combined summary too.
  let pdfWorker: PdfWorker | null = null;
  /** Where the combined summary is made: in this thread when it drew the packs' PDFs itself. */
  const here = options.pdfs ?? IN_THREAD;
  let combinedPdfs: () => PdfMaker = () => here;
  const orphans: BuildReport['orphans'] = [];
  let combined: BuildReport['combined'] = 'skipped';
  const pdfs = (): PdfMaker => {
    if (options.pdfs) return options.pdfs;
    if (jobs >= 2) pdfWorker ??= PdfWorker.start();
    return pdfWorker ?? here;
  };
  if (planned.length > 0) {
    const { templatesProblem } = await import('./templates.js');
    const problem = templatesProblem();
    if (problem) throw new SetupError(problem);
  }
  /** When this build's changes happened, as Anki packages state it (see note-times.ts). */
  const changes = { now: 0 };
  try {
    if (planned.length > 0) {
      identity();
      const { stampNoteType } = await import('./anki-times.js');
      changes.now = stampNoteType(lock);
      // A pool of workers, a few guides in flight at a time, so memory stays flat. Each thread
      // starts every stage cold (loading, compiling and warming up the parser, the layout and the
      // fonts costs about a second): worth it only with several guides to build per worker.
      // Below that this thread builds them all, and hands their PDFs to one worker, so that it
      // parses one guide while the worker draws another: with one guide there is nothing to
      // overlap, and this thread does it all (measured faster, and lighter, at 300 guides).
      const workers = Math.min(jobs, Math.floor(planned.length / GUIDES_PER_WORKER));
      const pool =
        workers >= 2 ? new RenderPool(workers) : new RenderPool(1, planned.length >= 2 ? pdfs() : here);
      // After a pool, whose workers are gone, a PDF worker spares this thread the PDF code.
      if (workers >= 2) combinedPdfs = pdfs;
      threads = pool.threads + (pdfWorker ? 1 : 0);
      const inflight: Promise<void>[] = [];
      try {
        for (const p of planned) {
          const made = jobFor(p);
          if (!made) continue;
          inflight.push(
            pool.run(made.job).then(
              (r) => settle(p, made.input, r),
              (err: unknown) => settle(p, made.input, asError(err)),
            ),
          );
          if (inflight.length >= threads * 2) await inflight.shift();
        }
        await Promise.all(inflight);
      } finally {
        await pool.close();
      }
    }
    const current = new Set(guides.map((g) => g.slug));
    if (!options.only?.length && !options.files?.length) {
      for (const orphan of findOrphans(manifest, current, slugsBefore, reports)) {
        if (orphan.renamed) diagnostics.push(orphan.renamed);
        // Its guide is still there, but excluded: said, and otherwise treated as a deleted one.
        const ignored = excluded.has(manifest.guides[orphan.slug]?.file ?? '');
        const removed = Boolean(options.prune) && !checkOnly;
        if (removed) {
          identity();
          removePack(options.outDir, orphan.slug, manifest.guides[orphan.slug]?.outputs ?? []);
          delete manifest.guides[orphan.slug];
          delete manifest.skipped[orphan.slug];
          lock = retainProjects(lock, [...current, ...Object.keys(manifest.guides)]);
        }
        orphans.push({ slug: orphan.slug, removed, ...(ignored ? { ignored: true as const } : {}) });
      }
      // A skipped guide that is gone and left no pack is forgotten.
      for (const slug of Object.keys(manifest.skipped)) {
        if (current.has(slug) || manifest.guides[slug]) continue;
        delete manifest.skipped[slug];
        manifestChanged = true;
      }
    }

    if (!checkOnly) {
      const step = await refreshCombined({
        outDir: options.outDir,
        manifest,
        config,
        renderOptions,
        force: options.force ?? false,
        reports,
        pdfs: () => pdfWorker ?? combinedPdfs(),
      });
      combined = step.combined;
      diagnostics.push(...step.diagnostics);
      const anyBuilt = reports.some((r) => r.status === 'built');
      const anyWrite = anyBuilt || combined === 'built' || orphans.some((o) => o.removed) || manifestChanged;
      if (anyWrite || ownersChanged) {
        const state = identity();
        const kept = writeLockFile(state, lock);
        if (kept.keptBrokenAs) {
          diagnostics.push(
            diagnostic(
              'identity-file-invalid',
              `The damaged identity file was kept as ${kept.keptBrokenAs} and replaced.`,
              state.path,
            ),
          );
        }
      }
      if (anyWrite) {
        manifest.config = config;
        mkdirSync(options.outDir, { recursive: true });
        replaceAll(options.outDir, new Map([[MANIFEST_NAME, serializeManifest(manifest)]]));
      }
    }
  } finally {
    await (pdfWorker as PdfWorker | null)?.close();
  }

  const ok = reports.every((r) => r.status !== 'failed') && !diagnostics.some((d) => d.severity === 'error');
  return { guides: reports, orphans, combined, threads, diagnostics, ok, environmentFailed };
}
