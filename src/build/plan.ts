// What a build does with each guide: skip it (its bytes, config and outputs are as the manifest
// remembers, or it is as it was when it was skipped for having no questions), check it
// (`studypack check`), or build it; a guide that cannot be read fails here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, noQuestions } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { type GuideFile, leavesFolder } from './guides.js';
import { checkStamp, type GuideRecord, type Manifest } from './manifest.js';
import { type GuideReport, guideReport } from './report.js';
import { readBytes, readProblem } from './scan.js';

/** A guide that has to be built: its place in the file order, and what the build adds to its report. */
export interface Planned {
  i: number;
  guide: GuideFile;
  extra: Diagnostic[];
}

export interface PlanContext {
  guidesDir: string;
  outDir: string;
  manifest: Manifest;
  config: string;
  checkOnly: boolean;
  force: boolean;
  /** Slugs whose stamps were renewed (a file touched, its bytes the same): the manifest is written. */
  restamped?: Set<string>;
}

/**
 * The outputs of a pack that are missing or not what the build wrote (truncated, edited, replaced).
 * A stamp renewed on the way (same bytes, another time) is put in the record and its slug in `restamped`.
 */
export function damagedOutputs(
  dir: string,
  slug: string,
  record: GuideRecord,
  restamped?: Set<string>,
): string[] {
  const damaged: string[] = [];
  for (const name of record.outputs) {
    const path = join(dir, name);
    const stamp = record.stamps?.[name];
    // A manifest of an earlier studypack has no stamps: the file being there is all it can tell.
    if (!stamp) {
      if (!existsSync(path)) damaged.push(name);
      continue;
    }
    const check = checkStamp(path, stamp);
    if (!check.intact) damaged.push(name);
    else if (check.restamped && record.stamps) {
      record.stamps[name] = check.restamped;
      restamped?.add(slug);
    }
  }
  return damaged;
}

/** True when the manifest's record of the guide was made from these bytes, this config and this file. */
function fresh(
  guide: Pick<GuideFile, 'display'>,
  slug: string,
  input: string,
  ctx: Pick<PlanContext, 'manifest' | 'config'>,
): boolean {
  const prev = ctx.manifest.guides[slug];
  return prev?.input === input && prev.config === ctx.config && prev.file === guide.display;
}

/**
 * True when out/<slug>/ holds what the guide, with these bytes and this config, gives. A pack
 * kept while its guide had no questions is not: it is left out of out/all.* until built again.
 */
export function upToDate(
  guide: Pick<GuideFile, 'display'>,
  slug: string,
  input: string,
  ctx: Pick<PlanContext, 'manifest' | 'config' | 'outDir' | 'restamped'>,
): boolean {
  const prev = ctx.manifest.guides[slug];
  return (
    prev !== undefined &&
    fresh(guide, slug, input, ctx) &&
    !ctx.manifest.skipped[slug] &&
    damagedOutputs(join(ctx.outDir, slug), slug, prev, ctx.restamped).length === 0
  );
}

/** True when the last build skipped the guide, with these bytes and this config, for having no questions. */
export function skippedBefore(
  guide: Pick<GuideFile, 'display'>,
  slug: string,
  input: string,
  ctx: Pick<PlanContext, 'manifest' | 'config'>,
): boolean {
  const prev = ctx.manifest.skipped[slug];
  return prev?.input === input && prev.config === ctx.config && prev.file === guide.display;
}

/** The files of the pack an earlier build made for `slug` that are still there, as `<slug>/<name>`. */
export function keptOutputs(slug: string, ctx: Pick<PlanContext, 'manifest' | 'outDir'>): string[] {
  const outputs = ctx.manifest.guides[slug]?.outputs ?? [];
  return [...outputs]
    .sort()
    .filter((name) => existsSync(join(ctx.outDir, slug, name)))
    .map((name) => `${slug}/${name}`);
}

/**
 * The report of a guide that is done with (skipped, checked, unreadable), or its plan to build.
 * `input` is the hash of its bytes as the build read them first, or why they could not be read.
 */
export async function planGuide(
  i: number,
  guide: GuideFile,
  input: string | Error,
  ctx: PlanContext,
): Promise<GuideReport | Planned> {
  if (input instanceof Error) {
    return guideReport(guide, 'failed', { diagnostics: [readProblem(guide.display, input)] });
  }
  if (!ctx.checkOnly && !ctx.force && upToDate(guide, guide.slug, input, ctx)) {
    const entries = Object.keys(ctx.manifest.guides[guide.slug]?.entries ?? {}).length;
    return guideReport(guide, 'unchanged', { entries });
  }
  // Said again on every build, without reading the guide again: nothing disappears silently.
  if (!ctx.checkOnly && !ctx.force && skippedBefore(guide, guide.slug, input, ctx)) {
    const diagnostics = [noQuestions(guide.display)];
    return guideReport(guide, 'skipped', { diagnostics, outputs: keptOutputs(guide.slug, ctx) });
  }
  const extra: Diagnostic[] = [];
  const prev = ctx.manifest.guides[guide.slug];
  if (!ctx.checkOnly && prev && fresh(guide, guide.slug, input, ctx) && !ctx.manifest.skipped[guide.slug]) {
    // Up to date but for its files: one was truncated, edited or removed since it was written.
    const damaged = damagedOutputs(join(ctx.outDir, guide.slug), guide.slug, prev);
    if (damaged.length > 0)
      extra.push(
        diagnostic(
          'output-damaged',
          `${damaged.map((name) => join(ctx.outDir, guide.slug, name)).join(', ')} ${damaged.length === 1 ? 'is' : 'are'} not what the last build wrote; the pack is built again.`,
          guide.display,
        ),
      );
  }
  if (leavesFolder(guide.path, ctx.guidesDir))
    extra.push(
      diagnostic(
        'guide-outside-folder',
        `${guide.display} is a link to a file outside ${ctx.guidesDir}; it is built all the same.`,
        guide.display,
      ),
    );
  if (guide.slug !== guide.baseSlug)
    extra.push(
      diagnostic(
        'slug-collision',
        `${guide.display} would be "${guide.baseSlug}" like another guide; it is built as "${guide.slug}".`,
        guide.display,
      ),
    );
  if (ctx.checkOnly) {
    const data = readBytes(guide.path);
    if (data instanceof Error) return planGuide(i, guide, data, ctx);
    // The parsing stack is loaded only when a guide has to be read.
    const { packFromBytes } = await import('./pack.js');
    const { pack, failed } = packFromBytes(data, { file: guide.display, slug: guide.slug });
    const diagnostics = [...(pack?.diagnostics ?? []), ...extra];
    const status = failed ? 'failed' : pack?.entries.length === 0 ? 'skipped' : 'checked';
    return guideReport(guide, status, {
      diagnostics,
      entries: pack?.entries.length ?? 0,
    });
  }
  // Guides are read again when their turn comes, so a large build never holds them all.
  return { i, guide, extra };
}
