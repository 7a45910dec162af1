// Pack → the notes of an Anki package: the fields of studypack's note type, filled with the same
// safe HTML as the CSV deck's cards, the same tags and GUIDs, and the deck each note goes to.
import { hash } from 'node:crypto';
import { basename } from 'node:path';
import type { Entry, Pack } from '../../model.js';
import { deckName, entryTags } from '../anki-csv.js';
import { escapeHtml, markdownToHtml, neutralizeAnkiTags, textToHtml } from '../html.js';
import { FIELD_NAMES, type FieldName } from './note-type.js';

/** One note of a package, before it is given ids and times. */
export interface PackageNote {
  /** The entry id: the same GUID as the CSV deck's, so either import finds the other's note. */
  guid: string;
  /** The fields, in FIELD_NAMES order, as HTML. */
  fields: string[];
  tags: string[];
  /** `Interview Prep::<Title>`, as in the CSV deck. */
  deck: string;
  /** A hash of the fields and tags: a new hash is a change the lock file records. */
  hash: string;
}

/** The separator of fields in Anki's notes table: never part of a field. */
const FIELD_SEPARATOR = '\x1f';

/** A field as stored: no `[sound:` or `[anki:` that could play, no field separator. */
function field(html: string): string {
  return neutralizeAnkiTags(html.normalize('NFC').trim()).replaceAll(FIELD_SEPARATOR, '');
}

/** The fields of one entry, by name. */
export function noteFields(
  pack: Pack,
  entry: Entry,
  images?: ReadonlyMap<string, string>,
): Record<FieldName, string> {
  const parent = entry.followUpOf === null ? undefined : pack.entries.find((e) => e.id === entry.followUpOf);
  // A follow-up ("Can you give an example?") needs its parent question to be asked at all.
  const followUp = parent ? `<p class="sp-followup">Follow-up to: ${textToHtml(parent.question)}</p>` : '';
  const answerHtml = entry.answered ? markdownToHtml(entry.answer, images) : '';
  return {
    Question: field(textToHtml(entry.question)),
    Prompt: field(followUp + markdownToHtml(entry.prompt, images)),
    Answer: field(answerHtml),
    'Key terms': field(entry.keyTerms.map((term) => escapeHtml(term)).join(' · ')),
    Project: field(escapeHtml(pack.project.title)),
    Section: field(escapeHtml(entry.section)),
    Source: field(escapeHtml(`${basename(entry.source.file)}:${entry.source.line}`)),
  };
}

/** A hash of what Anki stores of a note: its fields and tags. */
export function noteHash(fields: string[], tags: string[]): string {
  return hash('sha256', `${fields.join(FIELD_SEPARATOR)}\n${tags.join(' ')}`, 'hex').slice(0, 16);
}

/** Every note of a pack, in the guide's order. */
export function packageNotes(pack: Pack, images?: ReadonlyMap<string, string>): PackageNote[] {
  const deck = deckName(pack);
  return pack.entries.map((entry) => {
    const named = noteFields(pack, entry, images);
    const fields = FIELD_NAMES.map((name) => named[name]);
    const tags = entryTags(pack, entry);
    return { guid: entry.id, fields, tags, deck, hash: noteHash(fields, tags) };
  });
}

/**
 * The media files a note's fields use: the `src` of each `<img>` that is a bare file name, the
 * way Anki refers to files of its media folder.
 */
export function mediaNames(fields: string[]): string[] {
  const names = new Set<string>();
  for (const html of fields) {
    for (const m of html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const name = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
      if (name !== '' && !/[/\\:]/.test(name) && !name.startsWith('.')) names.add(name);
    }
  }
  return [...names];
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
