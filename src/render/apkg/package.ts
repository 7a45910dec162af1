// An Anki package (.apkg): a ZIP holding the collection (`collection.anki2`, schema 11), a JSON
// `media` map and the media files under the numbers the map gives them. Every id is derived from
// a name, and the ZIP carries fixed dates, so equal notes give equal bytes.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { type Unzipped, unzipSync, Zip, type ZipInputFile } from 'fflate';
import { type CollectionNote, collectionBytes, readCollection } from './collection.js';
import { type NoteTypeSource, noteTypeModel } from './note-type.js';
import { mediaNames, type PackageNote } from './notes.js';

/** An image a card shows, under the flat name its `<img src>` uses. */
export interface MediaFile {
  name: string;
  bytes: Uint8Array;
}

export interface PackageInput {
  noteType: { source: NoteTypeSource; mtime: number };
  /** The notes in card order, each with its modification time in seconds. */
  notes: { note: PackageNote; mtime: number }[];
  /** Files the notes may use; only those a note's field names go in. */
  media: MediaFile[];
}

/** The collection's file name: the one every Anki importer reads (see the README, "Importing into Anki"). */
export const COLLECTION_FILE = 'collection.anki2';

/**
 * Ids Anki reads as creation times in milliseconds: kept between 2001 and 2020, so that no
 * importer takes one for a date in the future and renumbers it.
 */
const ID_BASE = 1_000_000_000_000;
const ID_SPAN = 600_000_000_000;

/** A note, card or deck id derived from a name: the same name, the same id, in every build. */
export function idFrom(name: string): number {
  const digest = createHash('sha256').update(name).digest();
  return ID_BASE + Number(digest.readBigUInt64BE(0) % BigInt(ID_SPAN));
}

/** ZIP entries carry this date: local time, so the bytes are the same in every time zone. */
const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0);

/** Ids for `keys`, one each, derived from the key; a clash takes the next free id, in key order. */
function uniqueIds(keys: string[], taken: Set<number> = new Set()): Map<string, number> {
  const ids = new Map<string, number>();
  for (const key of [...keys].sort()) {
    let id = idFrom(key);
    while (taken.has(id)) id++;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** Every deck a note goes to, with the decks above it (`Interview Prep` of `Interview Prep::X`). */
function deckIds(names: Iterable<string>): Map<number, string> {
  const all = new Set<string>();
  for (const name of names) {
    const parts = name.split('::');
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('::'));
  }
  const ids = uniqueIds(
    [...all].map((name) => `deck ${name}`),
    new Set([1]),
  );
  return new Map([...all].map((name) => [ids.get(`deck ${name}`) ?? 0, name]));
}

/** The media files the notes use, by name, in name order; a name used but not given stays out. */
function usedMedia(fields: string[][], media: MediaFile[]): MediaFile[] {
  const given = new Map<string, MediaFile>();
  for (const file of media) {
    const other = given.get(file.name);
    if (other && Buffer.compare(other.bytes, file.bytes) !== 0)
      throw new Error(`Two different media files are named ${file.name}.`);
    given.set(file.name, file);
  }
  const names = new Set(fields.flatMap(mediaNames));
  return [...names]
    .sort()
    .map((name) => given.get(name))
    .filter((file): file is MediaFile => file !== undefined);
}

/**
 * A ZIP entry whose data is given whole: deflated here with Node's own zlib (several times faster
 * than deflate in JavaScript, and no warm-up), stored as it is when `store` (images are
 * compressed already). fflate writes the ZIP's headers around it.
 */
function entry(
  filename: string,
  data: Uint8Array,
  store = false,
): { file: ZipInputFile; body: Uint8Array<ArrayBuffer> } {
  const body = new Uint8Array(store ? data : deflateRawSync(data, { level: 6 }));
  const file: ZipInputFile = {
    filename,
    size: data.length,
    crc: crc32(data),
    compression: store ? 0 : 8,
    mtime: ZIP_DATE,
  };
  return { file, body };
}

/** The ZIP of a collection and its media: the collection, the media map, then the files by number. */
function zip(collection: Uint8Array, media: MediaFile[]): Uint8Array {
  const map: Record<string, string> = {};
  media.forEach((file, i) => {
    map[String(i)] = file.name;
  });
  const entries = [
    entry(COLLECTION_FILE, collection),
    entry('media', Buffer.from(JSON.stringify(map), 'utf8')),
    ...media.map((file, i) => entry(String(i), file.bytes, true)),
  ];
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const archive = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const { file, body } of entries) {
    archive.add(file);
    file.ondata?.(null, body, true);
  }
  archive.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}

/** The bytes of an .apkg holding `input`'s notes, note type and the media they use. */
export async function writePackage(input: PackageInput): Promise<Uint8Array> {
  const decks = deckIds(input.notes.map(({ note }) => note.deck));
  const deckId = new Map([...decks].map(([id, name]) => [name, id]));
  const noteIds = uniqueIds(input.notes.map(({ note }) => note.guid));
  const notes: CollectionNote[] = input.notes.map(({ note, mtime }) => ({
    id: noteIds.get(note.guid) ?? 0,
    guid: note.guid,
    mtime,
    tags: note.tags,
    fields: note.fields,
    deck: deckId.get(note.deck) ?? 1,
  }));
  const media = usedMedia(
    notes.map((n) => n.fields),
    input.media,
  );
  const date = Math.max(input.noteType.mtime, ...notes.map((n) => n.mtime));
  const collection = await collectionBytes({
    model: noteTypeModel(input.noteType.source, input.noteType.mtime) as ReturnType<typeof noteTypeModel> & {
      id: number;
    },
    decks,
    notes,
    date,
  });
  return zip(collection, media);
}

/** What a package holds, read back. */
export interface PackageContents {
  collection: Awaited<ReturnType<typeof readCollection>>;
  media: MediaFile[];
}

/** Reads a package this module wrote. */
export async function readPackage(bytes: Uint8Array): Promise<PackageContents> {
  const files: Unzipped = unzipSync(bytes);
  const collectionFile = files[COLLECTION_FILE];
  if (!collectionFile) throw new Error(`the package has no ${COLLECTION_FILE}`);
  const map = JSON.parse(Buffer.from(files.media ?? '{}').toString('utf8')) as Record<string, string>;
  const media = Object.entries(map).map(([index, name]) => {
    const data = files[index];
    if (!data) throw new Error(`the package's media map names file ${index}, which it does not hold`);
    return { name, bytes: data };
  });
  return { collection: await readCollection(collectionFile), media };
}

/**
 * One package holding the notes of several (`out/all.apkg` from each project's package): their
 * notes in the order given, each keeping its time; the note type of the newest.
 */
export async function combinePackages(packages: Uint8Array[]): Promise<Uint8Array> {
  const notes: CollectionNote[] = [];
  // Deck ids come from deck names, so a deck has the same id in every package.
  const decks = new Map<number, string>();
  const media: MediaFile[] = [];
  let model: PackageContents['collection']['model'] | undefined;
  for (const bytes of packages) {
    const { collection, media: files } = await readPackage(bytes);
    if (!model || collection.model.mod > model.mod) model = collection.model;
    for (const [id, name] of collection.decks) decks.set(id, name);
    notes.push(...collection.notes);
    media.push(...files);
  }
  if (!model) throw new Error('no package to combine');
  const noteIds = uniqueIds(notes.map((n) => n.guid));
  const combined = notes.map((note) => ({ ...note, id: noteIds.get(note.guid) ?? note.id }));
  const date = Math.max(model.mod, ...combined.map((n) => n.mtime));
  const collection = await collectionBytes({ model, decks, notes: combined, date });
  return zip(
    collection,
    usedMedia(
      combined.map((n) => n.fields),
      media,
    ),
  );
}
