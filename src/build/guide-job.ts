// All the work of one guide that needs no shared state: read, parse, extract, normalize, keep
// ids through the identity file's entries for this project, render, and replace out/<slug>/.
// Runs on a worker thread (or in the main thread, which may hand the PDFs to a worker); the main
// thread decides what to build and merges the results.
import { dirname, join, relative } from 'node:path';
import type { Diagnostic, Pack } from '../model.js';
import { validatePack } from '../schema.js';
import { replaceAllAsync } from './atomic.js';
import { diffPack, type GuideChanges } from './changes.js';
import { cardKey } from './combined.js';
import type { RenderOptions } from './config.js';
import type { LockEntry } from './identity/lock.js';
import { noteTime } from './identity/note-times.js';
import { reconcileIds } from './identity/reconcile.js';
import { entrySnapshot, type FileStamp, type GuideRecord, stampFile } from './manifest.js';
import { MEDIA_DIR, packMedia } from './media.js';
import { packFromBytes } from './pack.js';
import { IN_THREAD, type PdfMaker } from './pdfs.js';
import { renderPack } from './render.js';

export interface GuideJob {
  bytes: Uint8Array;
  /** The guide's path on disk: its images are found beside it. */
  path: string;
  display: string;
  slug: string;
  outDir: string;
  options: RenderOptions;
  /** This project's entries of the identity file, as the build read it. */
  lockProject: Record<string, LockEntry>;
  /** What the manifest remembers of the last build, for the change report. */
  previous: GuideRecord['entries'] | undefined;
  /** The build's config hash, which the remembered card fit is keyed by. */
  config: string;
  /** When studypack's Anki note type last changed, in seconds, as the lock file records it. */
  noteTypeChanged: number;
  /** The time this build gives a note whose content changed, in seconds. */
  changeTime: number;
}

export interface GuideResult {
  ok: boolean;
  /** True when the guide has no questions: nothing was written, and it gets no pack. */
  skipped?: boolean;
  entries: number;
  diagnostics: Diagnostic[];
  changes?: GuideChanges;
  keptIds: string[];
  /** The pack's files, as names inside out/<slug>/. */
  outputs: string[];
  /** Those whose bytes changed and were written; the others were left alone. */
  rewritten?: string[];
  /** Each output as it is now on disk, for the manifest: a later build checks the files against it. */
  stamps?: Record<string, FileStamp>;
  snapshot?: GuideRecord['entries'];
  /** This project's identity entries after the build. */
  lockProject?: Record<string, LockEntry>;
  /** The summary card's fit, for the manifest: the combined summary draws it without fitting. */
  card?: GuideRecord['card'];
}

/** Builds one guide and writes its outputs; never throws for a bad guide. */
export async function runGuideJob(job: GuideJob, pdfs: PdfMaker = IN_THREAD): Promise<GuideResult> {
  const { pack, failed, images } = packFromBytes(job.bytes, { file: job.display, slug: job.slug });
  const diagnostics = [...(pack?.diagnostics ?? [])];
  if (!pack || failed)
    return { ok: false, entries: pack?.entries.length ?? 0, diagnostics, keptIds: [], outputs: [] };
  // A README or notes among the guides: reported, and out/<slug>/ left as it is.
  if (pack.entries.length === 0)
    return { ok: true, skipped: true, entries: 0, diagnostics, keptIds: [], outputs: [] };
  const lock = { version: 1 as const, slugs: {}, projects: { [job.slug]: job.lockProject } };
  const reconciled = reconcileIds(job.slug, pack.entries, lock);
  const final: Pack = validatePack({ ...pack, entries: reconciled.entries });
  const media = packMedia(final, images, job.path);
  const rendered = await renderPack(final, job.options, pdfs, dirname(job.path), {
    timeOf: (id, hash) => noteTime(job.lockProject[id], hash, job.changeTime),
    noteTypeChanged: job.noteTypeChanged,
    images: media.names,
    media: [...media.files].map(([name, bytes]) => ({ name, bytes })),
  });
  const lockProject = reconciled.lock.projects[job.slug] ?? {};
  for (const [id, stamp] of Object.entries(rendered.stamps)) {
    const entry = lockProject[id];
    if (entry) lockProject[id] = { ...entry, ...stamp };
  }
  const files = new Map(rendered.files);
  for (const [name, bytes] of media.files) files.set(`${MEDIA_DIR}/${name}`, bytes);
  const dir = join(job.outDir, job.slug);
  const rewritten = (await replaceAllAsync(dir, files)).map((path) => relative(dir, path));
  const packBytes = files.get('pack.json');
  const stamps: Record<string, FileStamp> = {};
  for (const [name, bytes] of files) stamps[name] = stampFile(join(dir, name), bytes);
  return {
    ok: true,
    entries: final.entries.length,
    diagnostics: [...diagnostics, ...media.diagnostics, ...rendered.diagnostics],
    changes: diffPack(job.previous, final),
    keptIds: reconciled.pairings.map((p) => p.message),
    outputs: [...files.keys()],
    rewritten,
    stamps,
    snapshot: entrySnapshot(final),
    lockProject,
    ...(packBytes ? { card: { key: cardKey(job.config, packBytes), ...rendered.fit } } : {}),
  };
}
