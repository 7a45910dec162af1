// When each Anki note and the note type last changed, kept in the lock file. Anki's package import
// updates a note (and the note type) only when the package's modification time is newer than its
// own copy's, so a changed note must always be newer than the last package that held it, and an
// unchanged one must keep its time: both without a clock, for byte-identical rebuilds.
import { buildDate } from '../../layout/build-date.js';
import { NOTE_TYPE_DATE } from '../../render/apkg/note-type.js';
import type { LockEntry, NoteTypeStamp } from './lock.js';

/**
 * The time a change made by this build is given, in seconds: SOURCE_DATE_EPOCH when it is set and
 * later than the date of studypack's note type, else that date.
 */
export function changeTime(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(NOTE_TYPE_DATE, Math.floor(buildDate(env).getTime() / 1000));
}

/**
 * The stamp of something whose hash is `hash` now and was `before` when last built: its old time
 * when unchanged, else one second after its old time or `now`, whichever is later.
 */
export function restamp(
  before: { hash?: string | undefined; changed?: number | undefined } | undefined,
  hash: string,
  now: number,
): number {
  if (before?.changed !== undefined && before.hash === hash) return before.changed;
  return Math.max(now, (before?.changed ?? 0) + 1);
}

/** A note's time, from its lock entry as last built. */
export function noteTime(before: LockEntry | undefined, hash: string, now: number): number {
  return restamp(before && { hash: before.note, changed: before.changed }, hash, now);
}

/** The note type's stamp, from the lock's as last built. */
export function noteTypeStamp(before: NoteTypeStamp | undefined, hash: string, now: number): NoteTypeStamp {
  return { hash, changed: restamp(before, hash, now) };
}
