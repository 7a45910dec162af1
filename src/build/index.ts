// The build: every guide → its pack and outputs in out/<slug>/. Unchanged guides are skipped
// without touching a file; one guide's failure never stops the others nor replaces its last
// good outputs; a pack's files are replaced together, the manifest last.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagnostic } from '../errors.js';
import { type Diagnostic, type Pack, validatePack } from '../model.js';
import { replaceAll } from './atomic.js';
import { diffPack, type GuideChanges, noChanges } from './changes.js';
import { configHash, type RenderOptions } from './config.js';
import { assignSlugs, type GuideFile, listGuides } from './guides.js';
import {
  findIdCollisions,
  lockPathFor,
  readLockFile,
  reconcileIds,
  retainProjects,
  writeLockFile,
} from './identity.js';
import {
  entrySnapshot,
  type GuideRecord,
  hashBytes,
  MANIFEST_NAME,
  readManifest,
  serializeManifest,
} from './manifest.js';
import { lockOut } from './out-lock.js';
import { RenderPool } from './pool.js';
import type { RenderedPack } from './render.js';

export interface BuildOptions {
  guidesDir: string;
  outDir: string;
  /** Files named on the command line; when empty, every guide of `guidesDir`. */
  files?: string[];
  only?: string[];
  /** Diagnostics only: nothing is written. */
  checkOnly?: boolean;
  /** Rebuild every guide, changed or not. */
  force?: boolean;
  /** Remove the packs of guides that no longer exist. */
  prune?: boolean;
  paper?: RenderOptions['paper'];
  /** Worker threads for rendering; 1 renders in this thread. */
  jobs?: number;
  /** Called once when another build holds out/ and this one waits for it. */
  onWait?: (pid: number) => void;
  /** Called as each guide finishes, in file order. */
  onGuide?: (report: GuideReport, index: number, total: number) => void;
}

export type GuideStatus = 'built' | 'unchanged' | 'failed' | 'checked';

export interface GuideReport {
  file: string;
  slug: string;
  status: GuideStatus;
  entries: number;
  diagnostics: Diagnostic[];
  changes: GuideChanges;
  /** One sentence per question whose id was kept through a rewording. */
  keptIds: string[];
  outputs: string[];
}

export interface BuildReport {
  guides: GuideReport[];
  /** Packs of guides that no longer exist: removed with --prune, else left and listed. */
  orphans: { slug: string; removed: boolean }[];
  combined: 'built' | 'unchanged' | 'skipped';
  /** Problems that belong to no single guide (identity file, id collisions). */
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** The slug a guide asks for in its front matter, read without parsing the whole guide. */
function frontMatterSlug(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(head);
  const slug = fm?.[1] ? /^slug:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(fm[1])?.[1] : undefined;
  return slug?.trim() || undefined;
}

function readBytes(path: string): Uint8Array | Error {
  try {
    return readFileSync(path);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function report(guide: GuideFile, status: GuideStatus, extra: Partial<GuideReport> = {}): GuideReport {
  return {
    file: guide.display,
    slug: guide.slug,
    status,
    entries: 0,
    diagnostics: [],
    changes: noChanges(),
    keptIds: [],
    outputs: [],
    ...extra,
  };
}

function outputsExist(dir: string, record: GuideRecord): boolean {
  return record.outputs.every((name) => existsSync(join(dir, name)));
}

/** Reads the packs of the given slugs back from out/, for the combined outputs. */
function loadPacks(outDir: string, slugs: string[]): Pack[] {
  const packs: Pack[] = [];
  for (const slug of slugs) {
    const path = join(outDir, slug, 'pack.json');
    if (!existsSync(path)) continue;
    try {
      packs.push(validatePack(JSON.parse(readFileSync(path, 'utf8'))));
    } catch {
      // A pack.json that does not validate is not combined; its guide rebuilds it next time.
    }
  }
  return packs;
}

/** Builds (or checks) every guide; one report per guide, in file-name order. */
export async function build(options: BuildOptions): Promise<BuildReport> {
  if (options.checkOnly) return buildLocked(options);
  const lock = await lockOut(options.outDir, options.onWait);
  try {
    return await buildLocked(options);
  } finally {
    lock.release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const renderOptions: RenderOptions = { paper: options.paper ?? 'a4' };
  const paths = options.files?.length ? options.files : listGuides(options.guidesDir);
  const bytes = new Map(paths.map((p) => [resolve(p), readBytes(p)]));
  let guides = assignSlugs(paths, process.cwd(), (p) => {
    const b = bytes.get(resolve(p));
    return b instanceof Uint8Array ? frontMatterSlug(b) : undefined;
  });
  if (options.only?.length) guides = guides.filter((g) => options.only?.includes(g.slug));
  const checkOnly = options.checkOnly ?? false;
  const config = configHash(renderOptions);
  const manifest = readManifest(options.outDir);
  const lockState = readLockFile(lockPathFor(options.guidesDir));
  let lock = lockState.lock;
  const diagnostics: Diagnostic[] = lockState.problems.map((p) =>
    diagnostic('identity-file-invalid', `${lockState.path}: ${p}.`, lockState.path),
  );

  const reports: GuideReport[] = new Array(guides.length);
  const pool = checkOnly ? null : new RenderPool(renderOptions, options.jobs ?? 1);
  const inflight: Promise<void>[] = [];
  let done = 0;
  // Reports are handed on in file order, whatever order the renders finish in.
  const finish = (i: number, r: GuideReport): void => {
    reports[i] = r;
    while (reports[done]) {
      options.onGuide?.(reports[done] as GuideReport, done, guides.length);
      done++;
    }
  };

  try {
    for (const [i, guide] of guides.entries()) {
      const data = bytes.get(guide.path) ?? new Error('not read');
      if (data instanceof Error) {
        const msg = `${guide.display} could not be read: ${data.message}`;
        finish(i, report(guide, 'failed', { diagnostics: [diagnostic('read-failed', msg, guide.display)] }));
        continue;
      }
      const dir = join(options.outDir, guide.slug);
      const input = hashBytes(data);
      const prev = manifest.guides[guide.slug];
      if (
        !checkOnly &&
        !options.force &&
        prev &&
        prev.input === input &&
        prev.config === config &&
        prev.file === guide.display &&
        outputsExist(dir, prev)
      ) {
        finish(i, report(guide, 'unchanged', { entries: Object.keys(prev.entries).length }));
        continue;
      }
      // The parsing stack is loaded only when a guide has to be read: a no-op build never needs it.
      const { packFromBytes } = await import('./pack.js');
      const { pack, failed } = packFromBytes(data, { file: guide.display, slug: guide.slug });
      const guideDiagnostics = [...(pack?.diagnostics ?? [])];
      if (guide.slug !== guide.baseSlug) {
        guideDiagnostics.push(
          diagnostic(
            'slug-collision',
            `${guide.display} would be "${guide.baseSlug}" like another guide; it is built as "${guide.slug}".`,
            guide.display,
          ),
        );
      }
      if (!pack || failed) {
        finish(
          i,
          report(guide, 'failed', { diagnostics: guideDiagnostics, entries: pack?.entries.length ?? 0 }),
        );
        continue;
      }
      if (checkOnly) {
        finish(i, report(guide, 'checked', { diagnostics: guideDiagnostics, entries: pack.entries.length }));
        continue;
      }
      const reconciled = reconcileIds(guide.slug, pack.entries, lock);
      lock = reconciled.lock;
      const final: Pack = validatePack({ ...pack, entries: reconciled.entries });
      const changes = diffPack(prev?.entries, final);
      const keptIds = reconciled.pairings.map((p) => p.message);
      const job = pool
        ?.render(final)
        .then((rendered: RenderedPack) => {
          const files = new Map(rendered.files);
          const outputs = replaceAll(dir, files).map((f) => f.slice(options.outDir.length + 1));
          manifest.guides[guide.slug] = {
            file: guide.display,
            input,
            config,
            outputs: [...files.keys()],
            entries: entrySnapshot(final),
          };
          finish(
            i,
            report(guide, 'built', {
              entries: final.entries.length,
              diagnostics: [...guideDiagnostics, ...rendered.diagnostics],
              changes,
              keptIds,
              outputs,
            }),
          );
        })
        .catch((err: unknown) => {
          const msg = `${guide.display} could not be rendered: ${err instanceof Error ? err.message : String(err)}`;
          finish(
            i,
            report(guide, 'failed', {
              diagnostics: [...guideDiagnostics, diagnostic('render-failed', msg, guide.display)],
            }),
          );
        });
      if (job) inflight.push(job);
      // A small window keeps both cores busy without holding every rendered pack in memory.
      if (inflight.length >= (pool?.threads ?? 1) * 2) await inflight.shift();
    }
    await Promise.all(inflight);
  } finally {
    await pool?.close();
  }

  const current = new Set(guides.map((g) => g.slug));
  const orphans: BuildReport['orphans'] = [];
  if (!options.only?.length && !options.files?.length) {
    for (const slug of Object.keys(manifest.guides).sort()) {
      if (current.has(slug)) continue;
      const removed = Boolean(options.prune) && !checkOnly;
      if (removed) {
        rmSync(join(options.outDir, slug), { recursive: true, force: true });
        delete manifest.guides[slug];
        lock = retainProjects(lock, [...current, ...Object.keys(manifest.guides)]);
      }
      orphans.push({ slug, removed });
    }
  }

  let combined: BuildReport['combined'] = 'skipped';
  if (!checkOnly) {
    const slugs = Object.keys(manifest.guides).sort();
    const combinedKey = hashBytes(
      slugs.map((s) => `${s}:${manifest.guides[s]?.input}:${manifest.guides[s]?.config}`).join('\n'),
    );
    const anyBuilt = reports.some((r) => r.status === 'built');
    const missing =
      !existsSync(join(options.outDir, 'all.anki.csv')) ||
      !existsSync(join(options.outDir, 'all.summary.pdf'));
    if (slugs.length > 0 && (anyBuilt || missing || manifest.combined !== combinedKey || options.force)) {
      const packs = loadPacks(options.outDir, slugs);
      const collisions = findIdCollisions(packs);
      for (const c of collisions) {
        const where = c.places.map((p) => `${p.file}:${p.line}`).join(', ');
        diagnostics.push(
          diagnostic(
            'id-collision',
            `Id ${c.id} is used by more than one question (${where}).`,
            c.places[0]?.file ?? '',
          ),
        );
      }
      if (collisions.length === 0) {
        const { renderCombined } = await import('./render.js');
        mkdirSync(options.outDir, { recursive: true });
        replaceAll(options.outDir, new Map(await renderCombined(packs, renderOptions)));
        manifest.combined = combinedKey;
        combined = 'built';
      }
    } else if (slugs.length > 0) {
      combined = 'unchanged';
    }
    const anyWrite = anyBuilt || combined === 'built' || orphans.some((o) => o.removed);
    if (anyWrite) {
      const kept = writeLockFile(lockState, lock);
      if (kept.keptBrokenAs) {
        diagnostics.push(
          diagnostic(
            'identity-file-invalid',
            `The damaged identity file was kept as ${kept.keptBrokenAs} and replaced.`,
            lockState.path,
          ),
        );
      }
      manifest.config = config;
      mkdirSync(options.outDir, { recursive: true });
      replaceAll(options.outDir, new Map([[MANIFEST_NAME, serializeManifest(manifest)]]));
    }
  }

  const ok = reports.every((r) => r.status !== 'failed') && !diagnostics.some((d) => d.severity === 'error');
  return { guides: reports, orphans, combined, diagnostics, ok };
}
