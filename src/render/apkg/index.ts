// Pack → out/<slug>/<slug>.apkg: the pack's notes in studypack's note type, each with the time the
// caller gives it (the build: when the lock file says it last changed), and the images its cards use.
import type { Pack } from '../../model.js';
import { type NoteTypeSource, readNoteTypeSource } from './note-type.js';
import { packageNotes } from './notes.js';
import { type MediaFile, writePackage } from './package.js';

export type { MediaFile } from './package.js';

export interface PackageOptions {
  /** A note's modification time in seconds, from its GUID and the hash of its fields and tags. */
  timeOf: (guid: string, hash: string) => number;
  /** When studypack's note type last changed, in seconds. */
  noteTypeChanged: number;
  /** The images the cards may use; by default none. */
  media?: MediaFile[];
  /** Local image URL as written in the guide → its name among `media`. */
  images?: ReadonlyMap<string, string>;
  /** The card templates and CSS; by default read from templates/. */
  noteType?: NoteTypeSource;
}

export interface RenderedPackage {
  bytes: Uint8Array;
  /** Per entry id, the note's hash and time, for the lock file. */
  stamps: Record<string, { note: string; changed: number }>;
}

/** The Anki package of one pack. */
export async function renderPackage(pack: Pack, options: PackageOptions): Promise<RenderedPackage> {
  const stamps: RenderedPackage['stamps'] = {};
  const notes = packageNotes(pack, options.images).map((note) => {
    const mtime = options.timeOf(note.guid, note.hash);
    stamps[note.guid] = { note: note.hash, changed: mtime };
    return { note, mtime };
  });
  const bytes = await writePackage({
    noteType: { source: options.noteType ?? readNoteTypeSource(), mtime: options.noteTypeChanged },
    notes,
    media: options.media ?? [],
  });
  return { bytes, stamps };
}
