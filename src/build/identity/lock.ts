// What guides/studypack.lock.json holds: which guide file has each slug, and per project slug,
// per entry id, what the id was last given to; and the operations on it that the build needs.
// Reading and writing it: lock-file.ts.
import type { Entry, Pack } from '../../model.js';
import { fingerprintAnswer } from './fingerprint.js';

/** The lock file's name; it sits beside the guides and is committed with them. */
export const LOCK_FILE_NAME = 'studypack.lock.json';

/** What the lock remembers of one entry, as last built. */
export interface LockEntry {
  /** The question as last built. */
  question: string;
  /** The guide's section heading as last built. */
  section: string;
  /** `sha256:` + 16 hex of the answer's words: equal when only formatting changed. */
  answer: string;
  /**
   * Bottom-k sketch of the answer's word 3-shingles: the ascending 32-bit hashes, 4 bytes each,
   * big-endian, in base64. Decoded only when a guide is rebuilt and its entries are paired.
   */
  sketch: string;
  /** A hash of the note the Anki package holds for this id, as last built. */
  note?: string;
  /**
   * When that note last changed, in seconds: the note's modification time in the package. Anki
   * updates its copy of a note only when the package's is newer, so a change always moves it on.
   */
  changed?: number;
}

/** What the lock remembers of studypack's Anki note type: what it was and when it last changed. */
export interface NoteTypeStamp {
  hash: string;
  changed: number;
}

/**
 * The lock file's format: 2 since sketches are base64; files of format 1 (hex) are still read.
 * `slugs` came later in format 2: a lock without it is read as one that names no owners.
 */
export const LOCK_VERSION = 2;

/** The guide that has a slug, as the last build that read the lock gave it. */
export interface SlugOwner {
  /** The guide file, relative to the lock file's folder, with `/` between folders. */
  file: string;
  /** The slug its file name or front matter asked for: this slug, or the one it was suffixed from. */
  asked: string;
}

/** guides/studypack.lock.json: who has each slug; per project slug, per entry id, what the id was last given to. */
export interface IdentityLock {
  /** The format it was read in; it is always written in the current one, `LOCK_VERSION`. */
  version: 1 | 2;
  /** Per slug, the guide that has it: slugs, and with them ids, stay with their guide. */
  slugs: Record<string, SlugOwner>;
  projects: Record<string, Record<string, LockEntry>>;
  /** The Anki note type as last built; missing in locks written before packages existed. */
  noteType?: NoteTypeStamp;
}

/** A lock with no projects: the start when the file is missing or unreadable. */
export function emptyLock(): IdentityLock {
  return { version: LOCK_VERSION, slugs: {}, projects: {} };
}

/** The lock entry for an entry as it is now built. */
export function lockEntryFor(entry: Entry): LockEntry {
  return { question: entry.question, section: entry.section, ...fingerprintAnswer(entry.answer) };
}

/** The lock with `slug`'s project replaced by `project`; the other projects untouched. */
export function withProject(
  lock: IdentityLock,
  slug: string,
  project: Record<string, LockEntry>,
): IdentityLock {
  return { ...lock, version: LOCK_VERSION, projects: { ...lock.projects, [slug]: project } };
}

/**
 * The lock with each guide named as the owner of the slug it was given; a guide's records of
 * other slugs are dropped, so each guide file is named once.
 */
export function withOwners(lock: IdentityLock, owners: ({ slug: string } & SlugOwner)[]): IdentityLock {
  const files = new Set(owners.map((o) => o.file));
  const slugs = Object.fromEntries(Object.entries(lock.slugs).filter(([, owner]) => !files.has(owner.file)));
  for (const { slug, file, asked } of owners) slugs[slug] = { file, asked };
  return { ...lock, version: LOCK_VERSION, slugs };
}

/** True when two locks name the same owners for the same slugs. */
export function sameOwners(a: IdentityLock['slugs'], b: IdentityLock['slugs']): boolean {
  const slugs = Object.keys(a);
  if (slugs.length !== Object.keys(b).length) return false;
  return slugs.every((slug) => a[slug]?.file === b[slug]?.file && a[slug]?.asked === b[slug]?.asked);
}

/** Rebuilds a lock from packs already built (out/<slug>/pack.json): a fallback when the lock is lost. */
export function lockFromPacks(packs: Pack[]): IdentityLock {
  let lock = emptyLock();
  for (const pack of packs) {
    const project: Record<string, LockEntry> = {};
    for (const entry of pack.entries) project[entry.id] = lockEntryFor(entry);
    lock = withProject(lock, pack.project.slug, project);
  }
  return lock;
}

/** Keeps only the projects and owners whose slug is in `slugs`: for when a guide was deleted on purpose. */
export function retainProjects(lock: IdentityLock, slugs: Iterable<string>): IdentityLock {
  const keep = new Set(slugs);
  return {
    ...lock,
    version: LOCK_VERSION,
    slugs: Object.fromEntries(Object.entries(lock.slugs).filter(([slug]) => keep.has(slug))),
    projects: Object.fromEntries(Object.entries(lock.projects).filter(([slug]) => keep.has(slug))),
  };
}
