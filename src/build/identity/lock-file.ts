// The lock file on disk: parsed and checked entry by entry (a bad merge loses only what is bad),
// written sorted so it diffs and merges well, and never replaced silently when it was damaged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SLUG } from '../../normalize/slug.js';
import { writeFileAtomic } from '../atomic.js';
import { parseSketch, SKETCH_SIZE, sketchFromHex } from './fingerprint.js';
import { emptyLock, type IdentityLock, LOCK_FILE_NAME, LOCK_VERSION, type LockEntry } from './lock.js';

// Checked by hand rather than with a schema library: the file is read by most builds, and
// loading and setting up one would take longer than the checks.
type Check = (value: unknown) => boolean;
const textOf =
  (pattern?: RegExp, min = 0): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && (pattern === undefined || pattern.test(v));
const someText = textOf(undefined, 1);
const hex16 = textOf(/^[0-9a-f]{16}$/);
const slugText = textOf(SLUG);
/** Whole base64 of 4-byte hashes: a length that is a multiple of 16 bytes' worth, or a padded rest. */
const base64Sketch = textOf(/^(?:[A-Za-z0-9+/]{16})*(?:[A-Za-z0-9+/]{6}==|[A-Za-z0-9+/]{11}=)?$/);
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const optionalOf =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);

/** An entry's fields in the order they are checked; the first that fails names the problem. */
const entryChecks: [keyof LockEntry, Check][] = [
  ['question', someText],
  ['section', textOf()],
  ['answer', textOf(/^sha256:[0-9a-f]{16}$/)],
  ['note', optionalOf(hex16)],
  ['changed', optionalOf(count)],
];
/** Per format, how an entry's sketch is written, and the sketch as the current format holds it. */
const sketchFormats = {
  1: { check: textOf(/^(?:[0-9a-f]{8}(?: [0-9a-f]{8})*)?$/), current: sketchFromHex },
  2: {
    check: (v: unknown) => base64Sketch(v) && parseSketch(v as string).length <= SKETCH_SIZE,
    current: (sketch: string) => sketch,
  },
} as const;

/** A lock entry of format `version`, or the name of its first invalid field. */
function readEntry(value: unknown, version: 1 | 2): LockEntry | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'fields';
  const fields = value as Record<string, unknown>;
  for (const [name, check] of entryChecks) if (!check(fields[name])) return name;
  const sketch = sketchFormats[version];
  if (!sketch.check(fields.sketch)) return 'sketch';
  const entry: LockEntry = {
    question: fields.question as string,
    section: fields.section as string,
    answer: fields.answer as string,
    sketch: sketch.current(fields.sketch as string),
  };
  if (fields.note !== undefined) entry.note = fields.note as string;
  if (fields.changed !== undefined) entry.changed = fields.changed as number;
  return entry;
}
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
  const projects = record.projects;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) {
    return { lock: emptyLock(), problems: ['"projects" is missing or not an object'] };
  }
  const lock: IdentityLock = { version, slugs: readOwners(record.slugs, problems), projects: {} };
  if (record.noteType !== undefined) {
    const noteType = record.noteType as Record<string, unknown> | null;
    if (typeof noteType === 'object' && noteType !== null && hex16(noteType.hash) && count(noteType.changed))
      lock.noteType = { hash: noteType.hash as string, changed: noteType.changed as number };
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
      const parsed = readEntry(value, version);
      if (!ID.test(id) || typeof parsed === 'string') {
        const why = ID.test(id) ? parsed : 'id';
        problems.push(`entry "${id}" of project "${slug}" has an invalid ${why}; it was left out`);
        continue;
      }
      const other = seen.get(id);
      if (other !== undefined) {
        problems.push(`entry "${id}" appears in projects "${other}" and "${slug}"; the second was left out`);
        continue;
      }
      seen.set(id, slug);
      project[id] = parsed as LockEntry;
    }
    lock.projects[slug] = project;
  }
  return { lock, problems };
}

/** The `slugs` of a lock: who has each slug. Missing in locks written before it existed. */
function readOwners(value: unknown, problems: string[]): IdentityLock['slugs'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('"slugs" is not an object; which guide has which slug was left out');
    return {};
  }
  const owners: IdentityLock['slugs'] = {};
  for (const [slug, owner] of Object.entries(value)) {
    const fields = owner as Record<string, unknown> | null;
    const sound =
      typeof fields === 'object' && fields !== null && someText(fields.file) && slugText(fields.asked);
    if (!SLUG.test(slug) || !sound) {
      problems.push(`the owner of slug "${slug}" is not a slug with "file" and "asked"; it was left out`);
      continue;
    }
    owners[slug] = { file: fields.file as string, asked: fields.asked as string };
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
