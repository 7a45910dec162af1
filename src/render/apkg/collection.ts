// The SQLite collection inside a package, in Anki's schema 11 (`collection.anki2`), written with
// sql.js (SQLite compiled to WebAssembly: nothing to build at install). Only what an import reads
// is filled in: the note type, the decks, the notes and one new card per note.
import { hash } from 'node:crypto';
import type { Database, SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | undefined;
const utf8 = new TextEncoder();

/** sql.js and its WebAssembly, loaded on first use: a build that writes no package never loads it. */
export function sqlite(): Promise<SqlJsStatic> {
  engine ??= import('sql.js').then((module) => module.default());
  return engine;
}

/** The tables of a schema-11 collection, as Anki creates them. */
const SCHEMA = `
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

/** A note as the collection stores it. */
export interface CollectionNote {
  id: number;
  guid: string;
  /** Modification time, seconds: Anki updates its copy of the note when this is newer. */
  mtime: number;
  tags: string[];
  fields: string[];
  /** The deck id of the note's card. */
  deck: number;
}

export interface CollectionInput {
  /** The note type as `col.models` holds it; its id is the notes' `mid`. */
  model: Record<string, unknown> & { id: number };
  /** Deck names by id; parents are listed too. */
  decks: Map<number, string>;
  notes: CollectionNote[];
  /** Seconds: the collection's own dates (creation, modification) and its decks'. */
  date: number;
}

/** The text Anki sorts a note by and checks duplicates with: the first field without its HTML. */
function sortField(html: string): string {
  return html
    .replace(/<img[^>]*?src="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .trim();
}

/** The first 8 hex digits of the SHA-1 of the sort field, as a number: Anki's duplicate check. */
function checksum(text: string): number {
  return Number.parseInt(hash('sha1', text, 'hex').slice(0, 8), 16);
}

function deckJson(id: number, name: string, date: number): Record<string, unknown> {
  return {
    id,
    mod: date,
    name,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: '',
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

/** Anki's default study options; only here because a schema-11 collection must have them. */
function defaultDeckConfig(date: number): Record<string, unknown> {
  return {
    id: 1,
    mod: date,
    name: 'Default',
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    dyn: false,
  };
}

/** The bytes of a schema-11 collection holding `input`; equal input gives equal bytes. */
export async function collectionBytes(input: CollectionInput): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db: Database = new SQL.Database();
  try {
    db.run('PRAGMA journal_mode = OFF');
    db.run(SCHEMA);
    db.run('BEGIN');
    const { model, date } = input;
    const decks: Record<string, unknown> = { '1': { ...deckJson(1, 'Default', 0), collapsed: true } };
    for (const [id, name] of [...input.decks].sort((a, b) => a[0] - b[0])) {
      decks[String(id)] = deckJson(id, name, date);
    }
    const conf = {
      activeDecks: [1],
      curDeck: 1,
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      estTimes: true,
      dueCounts: true,
      curModel: model.id,
      nextPos: input.notes.length + 1,
      sortType: 'noteFld',
      sortBackwards: false,
      addToCur: true,
      schedVer: 2,
      sched2021: true,
    };
    // crt is the start of the collection's first day: only review cards are dated from it.
    const crt = date - (date % 86_400);
    db.run('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      crt,
      date * 1000,
      date * 1000,
      JSON.stringify(conf),
      JSON.stringify({ [String(model.id)]: model }),
      JSON.stringify(decks),
      JSON.stringify({ '1': defaultDeckConfig(date) }),
      '{}',
    ]);
    // The fields go in as UTF-8 bytes, cast to text by SQLite: bound as strings, sql.js would
    // encode them character by character in JavaScript, which is most of a package's time.
    const addNote = db.prepare('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, CAST(? AS TEXT), ?, ?, 0, ?)');
    const addCard = db.prepare(
      'INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, ?)',
    );
    try {
      input.notes.forEach((note, position) => {
        const sort = sortField(note.fields[0] ?? '');
        const tags = note.tags.length > 0 ? ` ${note.tags.join(' ')} ` : '';
        addNote.run([
          note.id,
          note.guid,
          model.id,
          note.mtime,
          tags,
          utf8.encode(note.fields.join('\x1f')),
          sort,
          checksum(sort),
          '',
        ]);
        // One card, new, in the guide's order; its id is the note's, as Anki's own first card has.
        addCard.run([note.id, note.id, note.deck, note.mtime, position + 1, '']);
      });
    } finally {
      addNote.free();
      addCard.free();
    }
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}

/** The rows of a collection this module wrote, read back: what the combined package is made of. */
export interface CollectionRows {
  model: Record<string, unknown> & { id: number; mod: number };
  decks: Map<number, string>;
  notes: CollectionNote[];
}

/** Reads back a collection written by `collectionBytes`. */
export async function readCollection(bytes: Uint8Array): Promise<CollectionRows> {
  const SQL = await sqlite();
  const db = new SQL.Database(bytes);
  try {
    const [col] = db.exec('SELECT models, decks FROM col');
    const [modelsJson, decksJson] = (col?.values[0] ?? []) as string[];
    const models = Object.values(JSON.parse(modelsJson ?? '{}')) as CollectionRows['model'][];
    const model = models[0];
    if (!model || models.length !== 1) throw new Error('the collection does not hold one note type');
    const decks = new Map<number, string>();
    for (const deck of Object.values(JSON.parse(decksJson ?? '{}')) as { id: number; name: string }[]) {
      if (deck.id !== 1) decks.set(deck.id, deck.name);
    }
    const notes: CollectionNote[] = [];
    const rows = db.prepare(
      'SELECT n.id, n.guid, n.mod, n.tags, n.flds, c.did FROM notes n JOIN cards c ON c.nid = n.id ORDER BY c.due',
    );
    try {
      while (rows.step()) {
        const [id, guid, mtime, tags, flds, deck] = rows.get() as [
          number,
          string,
          number,
          string,
          string,
          number,
        ];
        notes.push({
          id,
          guid,
          mtime,
          tags: tags.split(' ').filter(Boolean),
          fields: flds.split('\x1f'),
          deck,
        });
      }
    } finally {
      rows.free();
    }
    return { model, decks, notes };
  } finally {
    db.close();
  }
}
