// The build's part in the Anki packages' times: studypack's note type is stamped once per build,
// in the lock, before any guide is rendered with it.

import { noteTypeHash, readNoteTypeSource } from '../render/apkg/note-type.js';
import type { IdentityLock } from './identity/lock.js';
import { changeTime, noteTypeStamp } from './identity/note-times.js';

/**
 * Records in `lock` when the note type last changed (its templates and CSS as they are now) and
 * returns the time this build gives every change it makes.
 */
export function stampNoteType(lock: IdentityLock): number {
  const now = changeTime();
  lock.noteType = noteTypeStamp(lock.noteType, noteTypeHash(readNoteTypeSource()), now);
  return now;
}
