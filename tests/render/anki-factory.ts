// Builds Pack and Entry values for the Anki renderer's tests, and reads a rendered CSV back the way
// Anki does: the `#key:value` header block first, then RFC 4180 rows.
import { parse } from 'csv-parse/sync';
import type { Entry, Pack } from '../../src/model.js';

let counter = 0;

/** An entry with sensible defaults; ids are unique within a test run unless given. */
export function makeEntry(fields: Partial<Entry> = {}): Entry {
  counter += 1;
  return {
    id: `sp-test${base32(counter).padStart(6, 'a')}`,
    question: `Question number ${counter}?`,
    prompt: '',
    answer: `Answer number ${counter}.`,
    answered: true,
    gist: `Answer number ${counter}.`,
    keyTerms: [],
    category: 'architecture',
    section: 'System Design Questions',
    followUpOf: null,
    source: { file: 'guides/test.md', line: counter },
    ...fields,
  };
}

function base32(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 32)) out = alphabet[rest % 32] + out;
  return out;
}

/** A pack around `entries`; the project defaults to PodScribe. */
export function makePack(entries: Entry[], project: Partial<Pack['project']> = {}): Pack {
  return {
    schemaVersion: 1,
    project: { slug: 'podscribe', title: 'PodScribe', source: 'guides/podscribe.md', pitch: '', ...project },
    entries,
    facts: [],
    diagnostics: [],
  };
}

export interface ParsedAnkiCsv {
  /** Header lines in file order, as [key, value]. */
  headers: [string, string][];
  /** Header values by key. */
  header: Record<string, string>;
  rows: string[][];
  /** Rows as objects keyed by the names in `#columns:`. */
  records: Record<string, string>[];
}

/** Reads an Anki CSV back: header block, then every row with csv-parse. */
export function readAnkiCsv(text: string): ParsedAnkiCsv {
  const lines = text.split('\n');
  const headers: [string, string][] = [];
  let offset = 0;
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    const colon = line.indexOf(':');
    headers.push([line.slice(1, colon), line.slice(colon + 1)]);
    offset += line.length + 1;
  }
  const rows = parse(text.slice(offset), { relax_column_count: true }) as string[][];
  const header = Object.fromEntries(headers);
  const names = (header.columns ?? '').split(',');
  const records = rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? ''])));
  return { headers, header, rows, records };
}
