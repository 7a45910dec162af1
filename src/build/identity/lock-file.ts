// The lock file on disk: parsed and checked entry by entry (a bad merge loses only what is bad),
// written sorted so it diffs and merges well, and never replaced silently when it was damaged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SLUG } from '../../normalize/slug.js';
import * as z from '../../zod.js';
import { writeFileAtomic } from '../atomic.js';
import { parseSketch, SKETCH_SIZE, sketchFromHex } from './fingerprint.js';
import { emptyLock, type IdentityLock, LOCK_FILE_NAME, LOCK_VERSION, type LockEntry } from './lock.js';

const entryFields = {
  question: z.string().check(z.minLength(1)),
  section: z.string(),
  answer: z.string().check(z.regex(/^sha256:[0-9a-f]{16}$/)),
  note: z.optional(z.string().check(z.regex(/^[0-9a-f]{16}$/))),
  changed: z.optional(z.int().check(z.nonnegative())),
};
const noteTypeSchema = z.object({
  hash: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  changed: z.int().check(z.nonnegative()),
});
const v1Entry = z.object({
  ...entryFields,
  sketch: z.string().check(z.regex(/^(?:[0-9a-f]{8}(?: [0-9a-f]{8})*)?$/)),
});
/** Per format, an entry; its sketch as the current format holds it. */
const lockEntrySchemas = {
  1: z.pipe(
    v1Entry,
    z.transform((e: z.infer<typeof v1Entry>) => ({ ...e, sketch: sketchFromHex(e.sketch) })),
  ),
  // Whole base64 of 4-byte hashes: a length that is a multiple of 16 bytes' worth, or a padded rest.
  2: z.object({
    ...entryFields,
    sketch: z.string().check(
      z.regex(/^(?:[A-Za-z0-9+/]{16})*(?:[A-Za-z0-9+/]{6}==|[A-Za-z0-9+/]{11}=)?$/),
      z.refine((s) => parseSketch(s).length <= SKETCH_SIZE),
    ),
  }),
} as const;
const ID = /^sp-[a-z2-7]{8,}$/;

export interface LockParseResult {
  /** What could be read; entries that failed validation are left out. */
  lock: IdentityLock;
  /** What is wrong with the file, one sentence each; empty when it is sound. */
  problems: string[];
}

/**
 * Reads a lock file's text. Never throws: unreadable JSON gives an empty lock and a problem;
 * an invalid project or entry is left out, with a problem naming it, and the rest is kept.
 */
export function parseLock(text: string): LockParseResult {
  const problems: string[] = [];
  if (/^(<{7}|={7}|>{7})( |$)/m.test(text)) {
    return {
      lock: emptyLock(),
      problems: [
        'it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): keep the entries of both sides and remove the markers',
      ],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { lock: emptyLock(), problems: [`it is not valid JSON (${(err as Error).message})`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { lock: emptyLock(), problems: ['it is not a JSON object with "version" and "projects"'] };
  }
  const record = data as Record<string, unknown>;
  const version = record.version;
  if (version !== 1 && version !== 2) {
    return {
      lock: emptyLock(),
      problems: [`its version is ${JSON.stringify(version)}, this studypack reads versions 1 and 2`],
    };
  }
  const lockEntrySchema = lockEntrySchemas[version];
  const projects = record.projects;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) {
    return { lock: emptyLock(), problems: ['"projects" is missing or not an object'] };
  }
  const lock: IdentityLock = { version, slugs: readOwners(record.slugs, problems), projects: {} };
  if (record.noteType !== undefined) {
    const noteType = noteTypeSchema.safeParse(record.noteType);
    if (noteType.success) lock.noteType = noteType.data;
    else problems.push('"noteType" is not a hash and a time; it was left out');
  }
  const seen = new Map<string, string>();
  for (const [slug, entries] of Object.entries(projects)) {
    if (!SLUG.test(slug)) {
      problems.push(`project "${slug}" is not a valid slug; it was left out`);
      continue;
    }
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push(`project "${slug}" is not an object of entries; it was left out`);
      continue;
    }
    const project: Record<string, LockEntry> = {};
    for (const [id, value] of Object.entries(entries)) {
      const parsed = lockEntrySchema.safeParse(value);
      if (!ID.test(id) || !parsed.success) {
        const why = ID.test(id) ? (parsed.error?.issues[0]?.path.join('.') ?? 'fields') : 'id';
        problems.push(`entry "${id}" of project "${slug}" has an invalid ${why}; it was left out`);
        continue;
      }
      const other = seen.get(id);
      if (other !== undefined) {
        problems.push(`entry "${id}" appears in projects "${other}" and "${slug}"; the second was left out`);
        continue;
      }
      seen.set(id, slug);
      project[id] = parsed.data;
    }
    lock.projects[slug] = project;
  }
  return { lock, problems };
}

const ownerSchema = z.object({
  file: z.string().check(z.minLength(1)),
  asked: z.string().check(z.regex(SLUG)),
});

/** The `slugs` of a lock: who has each slug. Missing in locks written before it existed. */
function readOwners(value: unknown, problems: string[]): IdentityLock['slugs'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('"slugs" is not an object; which guide has which slug was left out');
    return {};
  }
  const owners: IdentityLock['slugs'] = {};
  for (const [slug, owner] of Object.entries(value)) {
    const parsed = ownerSchema.safeParse(owner);
    if (!SLUG.test(slug) || !parsed.success) {
      problems.push(`the owner of slug "${slug}" is not a slug with "file" and "asked"; it was left out`);
      continue;
    }
    owners[slug] = { file: parsed.data.file, asked: parsed.data.asked };
  }
  return owners;
}

/**
 * The lock as text, in the current format whatever format it was read in: sorted slugs and ids,
 * fixed field order, two-space indent, trailing newline.
 */
export function serializeLock(lock: IdentityLock): string {
  const projects: Record<string, Record<string, LockEntry>> = {};
  for (const slug of Object.keys(lock.projects).sort()) {
    const entries = lock.projects[slug] ?? {};
    const sorted: Record<string, LockEntry> = {};
    for (const id of Object.keys(entries).sort()) {
      const e = entries[id];
      if (!e) continue;
      sorted[id] = { question: e.question, section: e.section, answer: e.answer, sketch: e.sketch };
      if (e.note !== undefined && e.changed !== undefined)
        Object.assign(sorted[id], { note: e.note, changed: e.changed });
    }
    projects[slug] = sorted;
  }
  const slugs: IdentityLock['slugs'] = {};
  for (const slug of Object.keys(lock.slugs).sort()) {
    const owner = lock.slugs[slug];
    if (owner) slugs[slug] = { file: owner.file, asked: owner.asked };
  }
  const noteType = lock.noteType ? { hash: lock.noteType.hash, changed: lock.noteType.changed } : undefined;
  return `${JSON.stringify({ version: LOCK_VERSION, slugs, ...(noteType ? { noteType } : {}), projects }, null, 2)}\n`;
}

// ---- reading and writing the file -----------------------------------------------------------

/** Where the lock of a guides folder lives. */
export function lockPathFor(guidesDir: string): string {
  return join(guidesDir, LOCK_FILE_NAME);
}

export interface LockFileState extends LockParseResult {
  path: string;
  /** False when there is no lock yet (a first build). */
  exists: boolean;
  /** A hash of the file's text as read, to tell later whether anything changed. */
  digest: string | null;
  /**
   * The text as read, kept only when it had problems, to be saved beside the lock that replaces
   * it. A sound lock's text is not held for the whole build: at a thousand guides it is tens of
   * megabytes in memory.
   */
  brokenText: string | null;
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the lock beside the guides; a missing file is an empty lock, not a problem. */
export function readLockFile(path: string): LockFileState {
  if (!existsSync(path))
    return { path, exists: false, digest: null, brokenText: null, lock: emptyLock(), problems: [] };
  const text = readFileSync(path, 'utf8');
  const parsed = parseLock(text);
  const brokenText = parsed.problems.length > 0 ? text : null;
  return { path, exists: true, digest: digestOf(text), brokenText, ...parsed };
}

export interface LockWriteResult {
  /** True when the file was (re)written. */
  written: boolean;
  /** Where an unreadable lock was kept before being replaced, when it was. */
  keptBrokenAs: string | null;
}

/**
 * Writes the lock when its text changed. A lock that had problems when read is never replaced
 * silently: its text is first kept beside it as `studypack.lock.json.broken-<hash>` (the same
 * content always gives the same name, so repeated builds do not pile up copies), and the caller
 * reports `keptBrokenAs`.
 */
export function writeLockFile(state: LockFileState, lock: IdentityLock): LockWriteResult {
  const text = serializeLock(lock);
  if (state.digest === digestOf(text)) return { written: false, keptBrokenAs: null };
  let keptBrokenAs: string | null = null;
  if (state.exists && state.brokenText !== null && state.digest !== null) {
    keptBrokenAs = join(dirname(state.path), `${LOCK_FILE_NAME}.broken-${state.digest.slice(0, 8)}`);
    if (!existsSync(keptBrokenAs)) writeFileAtomic(keptBrokenAs, state.brokenText);
  }
  writeFileAtomic(state.path, text);
  return { written: true, keptBrokenAs };
}
