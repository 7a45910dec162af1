// The build: every guide → its pack and outputs in out/<slug>/, one guide's failure never
// stopping the others nor replacing that guide's last good outputs.
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic, Pack } from '../model.js';
import { fsyncDir, writeTemp } from './atomic.js';
import { assignSlugs, type GuideFile, listGuides } from './guides.js';
import { packFromBytes } from './pack.js';

export interface BuildOptions {
  guidesDir: string;
  outDir: string;
  /** Files named on the command line; when empty, every guide of `guidesDir`. */
  files?: string[];
  only?: string[];
  /** Diagnostics only: nothing is written. */
  checkOnly?: boolean;
}

export interface GuideReport {
  file: string;
  slug: string;
  status: 'built' | 'failed' | 'checked';
  entries: number;
  diagnostics: Diagnostic[];
  outputs: string[];
}

export interface BuildReport {
  guides: GuideReport[];
  ok: boolean;
}

/** The files of one pack, by name inside out/<slug>/. */
export function packOutputs(pack: Pack): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  files.set('pack.json', `${JSON.stringify(pack, null, 2)}\n`);
  return files;
}

/** Writes every file of a pack to temp files first, then renames them all into place. */
export function replaceAll(dir: string, files: Map<string, string | Uint8Array>): string[] {
  mkdirSync(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, data] of files) staged.push([writeTemp(join(dir, name), data), join(dir, name)]);
  } catch (err) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw err;
  }
  for (const [tmp, target] of staged) renameSync(tmp, target);
  fsyncDir(dir);
  return staged.map(([, target]) => target);
}

function guideReport(guide: GuideFile, outDir: string, checkOnly: boolean): GuideReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(guide.path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      file: guide.display,
      slug: guide.slug,
      status: 'failed',
      entries: 0,
      diagnostics: [
        diagnostic('read-failed', `${guide.display} could not be read: ${reason}`, guide.display),
      ],
      outputs: [],
    };
  }
  const { pack, failed } = packFromBytes(bytes, { file: guide.display, slug: guide.slug });
  const diagnostics = pack?.diagnostics ?? [];
  if (failed || !pack || checkOnly) {
    return {
      file: guide.display,
      slug: guide.slug,
      status: failed ? 'failed' : 'checked',
      entries: pack?.entries.length ?? 0,
      diagnostics,
      outputs: [],
    };
  }
  const outputs = replaceAll(join(outDir, guide.slug), packOutputs(pack));
  return {
    file: guide.display,
    slug: guide.slug,
    status: 'built',
    entries: pack.entries.length,
    diagnostics,
    outputs,
  };
}

/** Builds (or checks) every guide; returns one report per guide, in file-name order. */
export function build(options: BuildOptions): BuildReport {
  const paths = options.files?.length ? options.files : listGuides(options.guidesDir);
  let guides = assignSlugs(paths);
  if (options.only?.length) guides = guides.filter((g) => options.only?.includes(g.slug));
  const reports = guides.map((g) => guideReport(g, options.outDir, options.checkOnly ?? false));
  for (const g of guides) {
    if (g.slug !== g.baseSlug) {
      const r = reports.find((x) => x.file === g.display);
      r?.diagnostics.push(
        diagnostic(
          'slug-collision',
          `${g.display} would be "${g.baseSlug}" like another guide; it is built as "${g.slug}".`,
          g.display,
        ),
      );
    }
  }
  return { guides: reports, ok: reports.every((r) => r.status !== 'failed') };
}
