// One planned guide, in and out of its build: the job it is given (its bytes as they are now) and
// what its outcome leaves: its report, its manifest record, its identity entries, its stale files.
import { join } from 'node:path';
import { diagnostic } from '../errors.js';
import { noChanges } from './changes.js';
import type { RenderOptions } from './config.js';
import type { GuideJob, GuideResult } from './guide-job.js';
import type { BuildLock } from './identity/build-lock.js';
import { hashBytes, type Manifest } from './manifest.js';
import { removeOutputs } from './orphans.js';
import { keptOutputs, type Planned } from './plan.js';
import { type GuideReport, guideReport } from './report.js';
import { readBytes, readProblem } from './scan.js';

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

export interface SettleContext {
  outDir: string;
  manifest: Manifest;
  config: string;
  renderOptions: RenderOptions;
  identity: BuildLock;
  /** When this build's changes happened, as Anki packages state it (see note-times.ts). */
  changeTime: number;
}

/** A guide's job, from its bytes as they are now, with their hash; its report when they cannot be read. */
export function guideJob(p: Planned, ctx: SettleContext): { job: GuideJob; input: string } | GuideReport {
  const data = readBytes(p.guide.path);
  if (data instanceof Error)
    return guideReport(p.guide, 'failed', { diagnostics: [readProblem(p.guide.display, data)] });
  const { lock } = ctx.identity;
  const job: GuideJob = {
    bytes: data,
    path: p.guide.path,
    display: p.guide.display,
    slug: p.guide.slug,
    outDir: ctx.outDir,
    options: ctx.renderOptions,
    lockProject: lock.projects[p.guide.slug] ?? {},
    previous: ctx.manifest.guides[p.guide.slug]?.entries,
    config: ctx.config,
    noteTypeChanged: lock.noteType?.changed ?? 0,
    changeTime: ctx.changeTime,
  };
  return { job, input: hashBytes(data) };
}

export interface Settled {
  report: GuideReport;
  /** The guide failed because the machine did (disk full, read-only): the build exits 2. */
  environmentFailed: boolean;
  /** The manifest changed other than by a pack built: a guide skipped for having no questions. */
  manifestChanged: boolean;
}

/** Records what building a guide gave: its manifest record and identity entries; says its report. */
export function settleGuide(
  p: Planned,
  input: string,
  outcome: GuideResult | Error,
  ctx: SettleContext,
): Settled {
  const { guide, extra } = p;
  const { manifest, config, outDir } = ctx;
  const settled = (report: GuideReport, more: Partial<Settled> = {}): Settled => ({
    report,
    environmentFailed: false,
    manifestChanged: false,
    ...more,
  });
  if (outcome instanceof Error) {
    const code = (outcome as NodeJS.ErrnoException).code;
    const reason = outcome.message.split('\n')[0];
    // A disk that is full or read-only is the environment's fault, not the guide's.
    const environment = code !== undefined && ENVIRONMENT_CODES.has(code);
    const d = environment
      ? diagnostic(
          'write-failed',
          `${join(outDir, guide.slug)}/ could not be written (${code}): ${reason}`,
          guide.display,
        )
      : diagnostic('render-failed', `${guide.display} could not be built: ${reason}`, guide.display);
    return settled(guideReport(guide, 'failed', { diagnostics: [...extra, d] }), {
      environmentFailed: environment,
    });
  }
  const r = outcome;
  if (r.skipped) {
    // No questions: no pack. One an earlier build made stays as it was, out of out/all.*.
    const before = manifest.skipped[guide.slug];
    const changed = before?.file !== guide.display || before.input !== input || before.config !== config;
    if (changed) manifest.skipped[guide.slug] = { file: guide.display, input, config };
    const outputs = keptOutputs(guide.slug, { manifest, outDir });
    return settled(guideReport(guide, 'skipped', { diagnostics: [...r.diagnostics, ...extra], outputs }), {
      manifestChanged: changed,
    });
  }
  if (!r.ok || !r.snapshot || !r.lockProject)
    return settled(
      guideReport(guide, 'failed', { diagnostics: [...r.diagnostics, ...extra], entries: r.entries }),
    );
  ctx.identity.lock.projects[guide.slug] = r.lockProject;
  delete manifest.skipped[guide.slug];
  // Files the pack made last time and no longer makes, such as an image no card shows now.
  const stale = (manifest.guides[guide.slug]?.outputs ?? []).filter((name) => !r.outputs.includes(name));
  if (stale.length > 0) removeOutputs(outDir, guide.slug, stale);
  manifest.guides[guide.slug] = {
    file: guide.display,
    input,
    config,
    outputs: r.outputs,
    ...(r.stamps ? { stamps: r.stamps } : {}),
    entries: r.snapshot,
    ...(r.card ? { card: r.card } : {}),
  };
  return settled(
    guideReport(guide, 'built', {
      entries: r.entries,
      diagnostics: [...r.diagnostics, ...extra],
      changes: r.changes ?? noChanges(),
      keptIds: r.keptIds,
      outputs: r.outputs.map((name) => `${guide.slug}/${name}`),
      rewritten: (r.rewritten ?? r.outputs).map((name) => `${guide.slug}/${name}`),
    }),
  );
}
