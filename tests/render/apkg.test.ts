// The Anki package of a pack, opened again with sql.js and fflate: the rows Anki's importer reads,
// the ids it matches on, the times it compares, and the media it copies.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { noteTime } from '../../src/build/identity/note-times.js';
import type { Pack } from '../../src/model.js';
import { deckName, entryTags, UNANSWERED_TAG } from '../../src/render/anki-csv.js';
import { renderPackage } from '../../src/render/apkg/index.js';
import {
  FIELD_NAMES,
  NOTE_TYPE_DATE,
  NOTE_TYPE_ID,
  NOTE_TYPE_NAME,
  noteTypeHash,
  readNoteTypeSource,
} from '../../src/render/apkg/note-type.js';
import { combinePackages, idFrom, readPackage } from '../../src/render/apkg/package.js';
import { packOf, seedPack } from '../helpers.js';

const T = NOTE_TYPE_DATE;
const options = { timeOf: () => T, noteTypeChanged: T };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the Anki package of a pack', () => {
  it('holds one note per entry, GUID the entry id, in the note type studypack with its fixed id', async () => {
    const pack = seedPack('podscribe');
    const { bytes } = await renderPackage(pack, options);
    const files = Object.keys(unzipSync(bytes));
    expect(files).toEqual(['collection.anki2', 'media']);
    const { collection, media } = await readPackage(bytes);
    expect(media).toEqual([]);
    expect(collection.model.id).toBe(NOTE_TYPE_ID);
    expect(collection.model.name).toBe(NOTE_TYPE_NAME);
    expect((collection.model.flds as { name: string }[]).map((f) => f.name)).toEqual([...FIELD_NAMES]);
    expect(collection.model.mod).toBe(T);
    expect(collection.notes.map((n) => n.guid)).toEqual(pack.entries.map((e) => e.id));
    for (const [i, note] of collection.notes.entries()) {
      const entry = pack.entries[i];
      if (!entry) throw new Error('no entry');
      expect(note.id).toBe(idFrom(entry.id));
      expect(note.tags).toEqual(entryTags(pack, entry));
      expect(note.fields).toHaveLength(FIELD_NAMES.length);
      expect(note.mtime).toBe(T);
      expect(collection.decks.get(note.deck)).toBe(deckName(pack));
    }
    expect(new Set(collection.decks.values())).toEqual(
      new Set(['Interview Prep', 'Interview Prep::PodScribe']),
    );
    expect(collection.decks.get(idFrom('deck Interview Prep::PodScribe'))).toBe('Interview Prep::PodScribe');
  });

  it('is byte-identical when rendered again from the same pack and times', async () => {
    const pack = seedPack('stash');
    const a = await renderPackage(pack, options);
    const b = await renderPackage(pack, options);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    expect(a.stamps).toEqual(b.stamps);
  });

  it('fills the fields with the question, prompt, answer, key terms, project, section and guide line', async () => {
    const guide = packOf(
      '# PodScribe\n\n## Security Questions\n\n### What does this print?\n\nIt prints ok.\n\n### Why rotate keys?\n\nTODO\n',
      'guides/podscribe.md',
    );
    const [asked, unanswered] = guide.entries;
    if (!asked || !unanswered) throw new Error('two entries expected');
    const pack: Pack = {
      ...guide,
      entries: [
        {
          ...asked,
          prompt: '```js\nif (a < b && c) console.log("<ok>");\n```',
          answer: 'It prints `<ok>` when a is smaller [sound:x.mp3].',
          keyTerms: ['Event loop', 'Closures'],
        },
        { ...unanswered, followUpOf: asked.id },
      ],
    };
    const { bytes } = await renderPackage(pack, options);
    const { collection } = await readPackage(bytes);
    const fields = (i: number) =>
      Object.fromEntries(FIELD_NAMES.map((name, f) => [name, collection.notes[i]?.fields[f]]));
    const first = fields(0);
    expect(first.Question).toBe('What does this print?');
    expect(first.Prompt?.replace(/<\/?span[^>]*>/g, '')).toContain(
      '<pre><code class="language-js">if (a &lt; b &amp;&amp; c)',
    );
    expect(first.Answer).toContain('<code>&lt;ok></code>');
    expect(first.Answer).toContain('&#91;sound:x.mp3]');
    expect(first['Key terms']).toBe('Event loop · Closures');
    expect(first.Project).toBe('PodScribe');
    expect(first.Section).toBe('Security Questions');
    expect(first.Source).toBe(`podscribe.md:${asked.source.line}`);
    const second = fields(1);
    expect(second.Question).toBe('Why rotate keys?');
    expect(second.Prompt).toBe('<p class="sp-followup">Follow-up to: What does this print?</p>');
    expect(second.Answer).toBe('');
    expect(collection.notes[1]?.tags).toContain(UNANSWERED_TAG);
    expect(collection.notes[1]?.tags).toContain('followup');
  });

  it('puts in the images the cards use, under their flat names, and nothing else', async () => {
    const pack = packOf(
      '# P\n\n## Design\n\n### How does it flow?\n\n![the flow](3f1c9a0d5e7b2c41.png)\n\nLeft to right.\n',
    );
    const { bytes } = await renderPackage(pack, {
      ...options,
      media: [
        { name: '3f1c9a0d5e7b2c41.png', bytes: PNG },
        { name: 'unused.png', bytes: PNG },
      ],
      images: new Map([['3f1c9a0d5e7b2c41.png', '3f1c9a0d5e7b2c41.png']]),
    });
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['0', 'collection.anki2', 'media']);
    expect(JSON.parse(Buffer.from(files.media ?? []).toString('utf8'))).toEqual({
      '0': '3f1c9a0d5e7b2c41.png',
    });
    expect(Buffer.compare(Buffer.from(files['0'] ?? []), PNG)).toBe(0);
    const { collection } = await readPackage(bytes);
    expect(collection.notes[0]?.fields.join('')).toContain('<img src="3f1c9a0d5e7b2c41.png" alt="the flow">');
  });

  it('gives a changed note a later time and keeps the time of an unchanged one', async () => {
    const pack = seedPack('flowmingo');
    const first = await renderPackage(pack, options);
    const lockProject = Object.fromEntries(
      Object.entries(first.stamps).map(([id, s]) => [
        id,
        { question: '', section: '', answer: '', sketch: '', ...s },
      ]),
    );
    const [edited, ...rest] = pack.entries;
    if (!edited) throw new Error('no entry');
    const changed: Pack = {
      ...pack,
      entries: [{ ...edited, answer: `${edited.answer}\n\nOne more line.` }, ...rest],
    };
    const second = await renderPackage(changed, {
      ...options,
      timeOf: (id, hash) => noteTime(lockProject[id], hash, T),
    });
    expect(second.stamps[edited.id]?.changed).toBe(T + 1);
    for (const entry of rest) expect(second.stamps[entry.id]).toEqual(first.stamps[entry.id]);
    const { collection } = await readPackage(second.bytes);
    expect(collection.notes[0]?.mtime).toBe(T + 1);
    expect(collection.notes[1]?.mtime).toBe(T);
  });

  it('combines packages into one that keeps every note, its deck and its time', async () => {
    const a = await renderPackage(seedPack('stash'), options);
    const b = await renderPackage(seedPack('podscribe'), { ...options, timeOf: () => T + 50 });
    const all = await readPackage(await combinePackages([a.bytes, b.bytes]));
    const one = await readPackage(a.bytes);
    const two = await readPackage(b.bytes);
    expect(all.collection.notes.map((n) => n.guid)).toEqual([
      ...one.collection.notes.map((n) => n.guid),
      ...two.collection.notes.map((n) => n.guid),
    ]);
    expect(all.collection.notes.map((n) => n.mtime)).toEqual([
      ...one.collection.notes.map(() => T),
      ...two.collection.notes.map(() => T + 50),
    ]);
    const decks = new Set(all.collection.notes.map((n) => all.collection.decks.get(n.deck)));
    expect(decks).toEqual(new Set(['Interview Prep::Stash', 'Interview Prep::PodScribe']));
  });
});

describe('the note type shipped with studypack', () => {
  it('is the one NOTE_TYPE_DATE dates: a change to it moves that date forward, and this hash with it', () => {
    // Anki takes a note type only when it is newer than its copy: a shipped change left at the old
    // date would never reach a collection that once had studypack's note type.
    expect(noteTypeHash(readNoteTypeSource())).toBe('515d36ef083d5936');
    expect(NOTE_TYPE_DATE).toBe(1_796_515_200);
  });
});

describe('note times', () => {
  it('moves a changed note to one second after its last time when the build date is earlier', () => {
    const before = { question: 'q', section: '', answer: '', sketch: '', note: 'aaaa', changed: T + 7 };
    expect(noteTime(before, 'aaaa', T)).toBe(T + 7);
    expect(noteTime(before, 'bbbb', T)).toBe(T + 8);
    expect(noteTime(before, 'bbbb', T + 100)).toBe(T + 100);
    expect(noteTime(undefined, 'bbbb', T)).toBe(T);
  });
});
