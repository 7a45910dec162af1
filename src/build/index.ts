// The build: every guide → its pack and outputs in out/<slug>/. Unchanged guides are skipped
// without touching a file; one guide's failure never stops the others nor replaces its last
// good outputs; a pack's files are replaced together, the manifest last.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { replaceAll } from './atomic.js';
import { type GuideChanges, noChanges } from './changes.js';
import { configHash, type RenderOptions } from './config.js';
import type { GuideJob, GuideResult } from './guide-job.js';
import { assignSlugs, type GuideFile, leavesFolder, listGuides } from './guides.js';
import {
  emptyLock,
  type IdentityLock,
  type LockFileState,
  lockPathFor,
  readLockFile,
  retainProjects,
  writeLockFile,
} from './identity.js';
import {
  type GuideRecord,
  hashBytes,
  MANIFEST_NAME,
  type Manifest,
  readManifest,
  serializeManifest,
} from './manifest.js';
import { lockOut } from './out-lock.js';
import { IN_THREAD, type PdfMaker, PdfWorker } from './pdfs.js';
import { RenderPool } from './pool.js';

/** Below this many guides to build per worker, building them all in this thread is faster. */
const GUIDES_PER_WORKER = 4;

/** A guide that has to be built: its place in the file order, and what the build adds to its report. */
interface Planned {
  i: number;
  guide: GuideFile;
  extra: Diagnostic[];
}

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
  /** The pack's files, as `<slug>/<name>`. */
  outputs: string[];
  /** Those this build wrote because their bytes changed (a built guide may change none). */
  rewritten: string[];
}

export interface BuildReport {
  guides: GuideReport[];
  /** Packs of guides that no longer exist: removed with --prune, else left and listed. */
  orphans: { slug: string; removed: boolean }[];
  combined: 'built' | 'unchanged' | 'skipped';
  /** Threads that built guides or their PDFs: 1 when this thread built them alone. */
  threads: number;
  /** True when out/ could not be written (disk full, read-only, permissions): exit status 2. */
  environmentFailed: boolean;
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

/** The first 4 KiB of a file: enough for its front matter, without holding every guide in memory. */
function readHead(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return new Uint8Array();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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
    rewritten: [],
    ...extra,
  };
}

function outputsExist(dir: string, record: GuideRecord): boolean {
  return record.outputs.every((name) => existsSync(join(dir, name)));
}

/** Ids that two packs share, found from the manifest's record of every pack's entries. */
function manifestCollisions(manifest: Manifest): { id: string; where: string[]; file: string }[] {
  const seen = new Map<string, string[]>();
  for (const [slug, g] of Object.entries(manifest.guides)) {
    for (const [id, e] of Object.entries(g.entries))
      seen.set(id, [...(seen.get(id) ?? []), `${g.file} ("${e.q}", ${slug})`]);
  }
  return [...seen]
    .filter(([, where]) => where.length > 1)
    .map(([id, where]) => ({ id, where, file: where[0]?.split(' (')[0] ?? '' }));
}

/**
 * Where the identity file lives: in the guides folder, or, when guides are named on the command
 * line and there is no guides folder, beside the first of them.
 */
export function identityFolder(options: Pick<BuildOptions, 'guidesDir' | 'files'>): string {
  const first = options.files?.[0];
  if (first === undefined || isDirectory(options.guidesDir)) return options.guidesDir;
  return dirname(first);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The guide built under a new slug that holds most of the questions of the vanished pack `slug`:
 * the same guide, renamed (or given another front-matter slug).
 */
function renamedTo(
  slug: string,
  manifest: Manifest,
  slugsBefore: Set<string>,
  reports: GuideReport[],
): GuideReport | undefined {
  const questions = (s: string): Set<string> =>
    new Set(Object.values(manifest.guides[s]?.entries ?? {}).map((e) => e.q.toLowerCase()));
  const old = questions(slug);
  if (old.size === 0) return undefined;
  return reports.find((r) => {
    if (r.status !== 'built' || slugsBefore.has(r.slug)) return false;
    const now = questions(r.slug);
    let shared = 0;
    for (const q of old) if (now.has(q)) shared++;
    return shared >= Math.max(1, old.size / 2);
  });
}

/** Builds (or checks) every guide; one report per guide, in file-name order. */
export async function build(options: BuildOptions): Promise<BuildReport> {
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
  const paths = options.files?.length ? options.files : listGuides(options.guidesDir);
  const manifest = readManifest(options.outDir);
  const slugsBefore = new Set(Object.keys(manifest.guides));
  let guides = assignSlugs(
    paths,
    process.cwd(),
    (p) => frontMatterSlug(readHead(p)),
    (slug) => manifest.guides[slug]?.file,
  );
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
  if (!options.checkOnly) mkdirSync(options.outDir, { recursive: true });
  const checkOnly = options.checkOnly ?? false;
  const config = configHash(renderOptions);
  const diagnostics: Diagnostic[] = [];
  // The identity file is read only when a pack is built or removed: a rebuild with nothing to do
  // never reads it (at a thousand guides it is megabytes of JSON to parse and check).
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

  const reports: GuideReport[] = new Array(guides.length);
  let environmentFailed = false;
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
  const planned: Planned[] = [];
  for (const [i, guide] of guides.entries()) {
    const data = readBytes(guide.path);
    if (data instanceof Error) {
      const msg = `${guide.display} could not be read: ${data.message}`;
      finish(i, report(guide, 'failed', { diagnostics: [diagnostic('read-failed', msg, guide.display)] }));
      continue;
    }
    const dir = join(options.outDir, guide.slug);
    const input = hashBytes(data);
    const prev = manifest.guides[guide.slug];
    const fresh = prev?.input === input && prev.config === config && prev.file === guide.display;
    if (!checkOnly && !options.force && prev && fresh && outputsExist(dir, prev)) {
      finish(i, report(guide, 'unchanged', { entries: Object.keys(prev.entries).length }));
      continue;
    }
    const extra = leavesFolder(guide.path, options.guidesDir)
      ? [
          diagnostic(
            'guide-outside-folder',
            `${guide.display} is a link to a file outside ${options.guidesDir}; it is built all the same.`,
            guide.display,
          ),
        ]
      : [];
    if (guide.slug !== guide.baseSlug)
      extra.push(
        diagnostic(
          'slug-collision',
          `${guide.display} would be "${guide.baseSlug}" like another guide; it is built as "${guide.slug}".`,
          guide.display,
        ),
      );
    if (checkOnly) {
      // The parsing stack is loaded only when a guide has to be read.
      const { packFromBytes } = await import('./pack.js');
      const { pack, failed } = packFromBytes(data, { file: guide.display, slug: guide.slug });
      const diagnostics = [...(pack?.diagnostics ?? []), ...extra];
      finish(
        i,
        report(guide, failed ? 'failed' : 'checked', { diagnostics, entries: pack?.entries.length ?? 0 }),
      );
      continue;
    }
    // Guides are read again when their turn comes, so a large build never holds them all.
    planned.push({ i, guide, extra });
  }

  /** The job of a planned guide, from its bytes as they are now; null when they cannot be read. */
  const jobFor = (p: Planned): { job: GuideJob; input: string } | null => {
    const data = readBytes(p.guide.path);
    if (data instanceof Error) {
      const msg = `${p.guide.display} could not be read: ${data.message}`;
      finish(
        p.i,
        report(p.guide, 'failed', { diagnostics: [diagnostic('read-failed', msg, p.guide.display)] }),
      );
      return null;
    }
    const job: GuideJob = {
      bytes: data,
      display: p.guide.display,
      slug: p.guide.slug,
      outDir: options.outDir,
      options: renderOptions,
      lockProject: lock.projects[p.guide.slug] ?? {},
      previous: manifest.guides[p.guide.slug]?.entries,
      config,
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
      finish(i, report(guide, 'failed', { diagnostics: [...extra, d] }));
      return;
    }
    const r = outcome;
    if (!r.ok || !r.snapshot || !r.lockProject) {
      finish(i, report(guide, 'failed', { diagnostics: [...r.diagnostics, ...extra], entries: r.entries }));
      return;
    }
    lock.projects[guide.slug] = r.lockProject;
    manifest.guides[guide.slug] = {
      file: guide.display,
      input,
      config,
      outputs: r.outputs,
      entries: r.snapshot,
      ...(r.card ? { card: r.card } : {}),
    };
    finish(
      i,
      report(guide, 'built', {
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
  let combinedPdfs: () => PdfMaker = () => IN_THREAD;
  const orphans: BuildReport['orphans'] = [];
  let combined: BuildReport['combined'] = 'skipped';
  const pdfs = (): PdfMaker => {
    if (jobs >= 2) pdfWorker ??= PdfWorker.start();
    return pdfWorker ?? IN_THREAD;
  };
  if (planned.length > 0) {
    const { templatesProblem } = await import('./templates.js');
    const problem = templatesProblem();
    if (problem) throw new SetupError(problem);
  }
  try {
    if (planned.length > 0) {
      identity();
      // A pool of workers, a few guides in flight at a time, so memory stays flat. Each thread
      // starts every stage cold (loading, compiling and warming up the parser, the layout and the
      // fonts costs about a second): worth it only with several guides to build per worker.
      // Below that this thread builds them all, and hands their PDFs to one worker, so that it
      // parses one guide while the worker draws another: with one guide there is nothing to
      // overlap, and this thread does it all (measured faster, and lighter, at 300 guides).
      const workers = Math.min(jobs, Math.floor(planned.length / GUIDES_PER_WORKER));
      const pool =
        workers >= 2 ? new RenderPool(workers) : new RenderPool(1, planned.length >= 2 ? pdfs() : IN_THREAD);
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
      for (const slug of Object.keys(manifest.guides).sort()) {
        if (current.has(slug)) continue;
        const heir = renamedTo(slug, manifest, slugsBefore, reports);
        if (heir)
          diagnostics.push(
            diagnostic(
              'renamed-guide',
              `${heir.file} looks like ${manifest.guides[slug]?.file} renamed: its questions got new ids under "${heir.slug}", so importing its deck makes duplicate notes in Anki. To keep the notes of "${slug}", put "slug: ${slug}" in its front matter and build again.`,
              heir.file,
            ),
          );
        const removed = Boolean(options.prune) && !checkOnly;
        if (removed) {
          identity();
          rmSync(join(options.outDir, slug), { recursive: true, force: true });
          delete manifest.guides[slug];
          lock = retainProjects(lock, [...current, ...Object.keys(manifest.guides)]);
        }
        orphans.push({ slug, removed });
      }
    }

    if (!checkOnly) {
      const slugs = Object.keys(manifest.guides).sort();
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
      const anyBuilt = reports.some((r) => r.status === 'built');
      const anyRewritten = reports.some((r) => r.rewritten.length > 0);
      const missing =
        !existsSync(join(options.outDir, 'all.anki.csv')) ||
        !existsSync(join(options.outDir, 'all.summary.pdf'));
      if (
        slugs.length > 0 &&
        (anyRewritten || missing || manifest.combined !== combinedKey || options.force)
      ) {
        const collisions = manifestCollisions(manifest);
        for (const c of collisions) {
          diagnostics.push(
            diagnostic(
              'id-collision',
              `Id ${c.id} is used by more than one question (${c.where.join(', ')}).`,
              c.file,
            ),
          );
        }
        if (collisions.length === 0) {
          const { writeCombined } = await import('./combined.js');
          await writeCombined(
            options.outDir,
            slugs,
            manifest,
            config,
            renderOptions,
            pdfWorker ?? combinedPdfs(),
          );
          manifest.combined = combinedKey;
          combined = 'built';
        }
      } else if (slugs.length > 0) {
        combined = 'unchanged';
      }
      const anyWrite = anyBuilt || combined === 'built' || orphans.some((o) => o.removed);
      if (anyWrite) {
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
