// What guides/studypack.lock.json holds: per project slug, per entry id, what the id was last
// given to; and the operations on it that the build needs. Reading and writing it: lock-file.ts.
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
}

/** The lock file's format: 2 since sketches are base64; files of format 1 (hex) are still read. */
export const LOCK_VERSION = 2;

/** guides/studypack.lock.json: per project slug, per entry id, what the id was last given to. */
export interface IdentityLock {
  /** The format it was read in; it is always written in the current one, `LOCK_VERSION`. */
  version: 1 | 2;
  projects: Record<string, Record<string, LockEntry>>;
}

/** A lock with no projects: the start when the file is missing or unreadable. */
export function emptyLock(): IdentityLock {
  return { version: LOCK_VERSION, projects: {} };
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
  return { version: LOCK_VERSION, projects: { ...lock.projects, [slug]: project } };
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

/** Keeps only the projects whose slug is in `slugs`: for when a guide was deleted on purpose. */
export function retainProjects(lock: IdentityLock, slugs: Iterable<string>): IdentityLock {
  const keep = new Set(slugs);
  return {
    version: LOCK_VERSION,
    projects: Object.fromEntries(Object.entries(lock.projects).filter(([slug]) => keep.has(slug))),
  };
}
