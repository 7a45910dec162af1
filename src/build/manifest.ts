// out/.manifest.json: per guide, what its outputs were made from, so an unchanged guide is
// skipped without being read further, and what it held, so the next build can say what changed.
import { hash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../model.js';
import { SLUG } from '../normalize/slug.js';

export const MANIFEST_NAME = '.manifest.json';

/** The file's format: 2 writes each entry on one line; format 1 (an object per entry) is still read. */
export const MANIFEST_VERSION = 2;

const LINE = /^[0-9a-f]{32} /;
/**
 * The manifest's keys and output names become paths under out/ (and --prune removes them): a
 * slug is one folder name, an output one file name in it, never `..`, `.` or a separator.
 */
const OUTPUT_NAME = /^(?:media\/)?[a-z0-9][a-z0-9.-]*$/;
/**
 * What an output was when the build wrote it: `<hash> <size> <mtimeMs>`, so that a build with
 * nothing to do can tell a damaged or replaced file by a stat, and hash only when the stat differs.
 */
const STAMP = /^([0-9a-f]{32}) (\d+) (\d+(?:\.\d+)?)$/;
const COMBINED_NAME = /^all\.[a-z.]+$/;

/** What the manifest holds of one guide; entries keep the question and a hash of the answer, by id. */
export interface GuideRecord {
  file: string;
  input: string;
  config: string;
  outputs: string[];
  /** By output name, what each was when written; absent in manifests of earlier builds. */
  stamps?: Record<string, FileStamp>;
  /** The fit of the guide's summary card, valid for the pack.json and config that `key` hashes. */
  card?: { key: string; level: number; size: number };
  entries: Record<string, { q: string; a: string }>;
}
/** A guide skipped for having no questions, as it was then: skipped again, unread, while it stays so. */
export interface SkippedRecord {
  file: string;
  input: string;
  config: string;
}
/** An output as written: a hash of its bytes, its size and its modification time. */
export interface FileStamp {
  hash: string;
  size: number;
  mtime: number;
}
export interface Manifest {
  /** The format it was read in; it is always written in the current one, `MANIFEST_VERSION`. */
  version: 1 | 2;
  config: string;
  combined: string;
  combinedStamps?: Record<string, FileStamp>;
  guides: Record<string, GuideRecord>;
  /**
   * By slug, the guides the last build skipped for having no questions. A pack of theirs in
   * `guides` (made when they had questions) is kept but left out of out/all.*.
   */
  skipped: Record<string, SkippedRecord>;
}

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, config: '', combined: '', guides: {}, skipped: {} };
}

export function hashBytes(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex').slice(0, 32);
}

/**
 * The manifest of an out folder, checked field by field; a missing, damaged or hostile one (a slug
 * or output name that is a path) means "build everything".
 */
export function readManifest(outDir: string): Manifest {
  const path = join(outDir, MANIFEST_NAME);
  if (!existsSync(path)) return emptyManifest();
  try {
    return manifestFrom(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return emptyManifest();
  }
}

// The manifest is read by every build, a build with nothing to do included, so it is checked by
// hand rather than with a schema library: loading and setting one up would take longer than that
// build's whole check. Any check that fails throws, and the manifest counts as absent.
const invalid = (): never => {
  throw new Error('the manifest is not as this build writes it');
};
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, pattern?: RegExp): string =>
  typeof v === 'string' && (!pattern || pattern.test(v)) ? v : invalid();
const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : invalid());
/** An object's values read by `value`, its keys matching `key`; never a key that would set a prototype. */
function recordOf<T>(v: unknown, key: RegExp | null, value: (x: unknown) => T): Record<string, T> {
  if (!isObject(v)) return invalid();
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '__proto__' || (key && !key.test(k))) invalid();
    out[k] = value(x);
  }
  return out;
}
const optional = <T>(v: unknown, read: (x: unknown) => T): T | undefined =>
  v === undefined ? undefined : read(v);

function stampFrom(v: unknown): FileStamp {
  const [, hash = '', size = '0', mtime = '0'] = STAMP.exec(text(v)) ?? invalid();
  return { hash, size: Number(size), mtime: Number(mtime) };
}

function cardFrom(v: unknown): GuideRecord['card'] {
  if (!isObject(v)) return invalid();
  const level = finite(v.level);
  if (!Number.isSafeInteger(level)) invalid();
  return { key: text(v.key), level, size: finite(v.size) };
}

/** Format 2: an entry is one string, the answer's hash, a space, the question. */
function lineEntry(v: unknown): GuideRecord['entries'][string] {
  const line = text(v, LINE);
  return { q: line.slice(33), a: line.slice(0, 32) };
}
/** Format 1: an entry is an object. */
function objectEntry(v: unknown): GuideRecord['entries'][string] {
  if (!isObject(v)) return invalid();
  return { q: text(v.q), a: text(v.a) };
}

function guideFrom(v: unknown, version: 1 | 2): GuideRecord {
  if (!isObject(v)) return invalid();
  const record: GuideRecord = {
    file: text(v.file),
    input: text(v.input),
    config: text(v.config),
    outputs: Array.isArray(v.outputs) ? v.outputs.map((name) => text(name, OUTPUT_NAME)) : invalid(),
    entries: recordOf(v.entries, null, version === 2 ? lineEntry : objectEntry),
  };
  const stamps = optional(v.stamps, (x) => recordOf(x, OUTPUT_NAME, stampFrom));
  if (stamps) record.stamps = stamps;
  const card = optional(v.card, cardFrom);
  if (card) record.card = card;
  return record;
}

function skippedFrom(v: unknown): SkippedRecord {
  if (!isObject(v)) return invalid();
  return { file: text(v.file), input: text(v.input), config: text(v.config) };
}

/** A parsed manifest of format 1 or 2, checked; throws when anything in it is not as written. */
function manifestFrom(data: unknown): Manifest {
  if (!isObject(data)) return invalid();
  const version = data.version === 1 || data.version === 2 ? data.version : invalid();
  const manifest: Manifest = {
    version,
    config: text(data.config),
    combined: optional(data.combined, text) ?? '',
    guides: recordOf(data.guides, SLUG, (g) => guideFrom(g, version)),
    skipped: optional(data.skipped, (x) => recordOf(x, SLUG, skippedFrom)) ?? {},
  };
  const combinedStamps = optional(data.combinedStamps, (x) => recordOf(x, COMBINED_NAME, stampFrom));
  if (combinedStamps) manifest.combinedStamps = combinedStamps;
  return manifest;
}

/** The stamp of a file as it is now; `bytes` are its content when the caller has them in hand. */
export function stampFile(path: string, bytes?: Uint8Array): FileStamp {
  const stat = statSync(path);
  return { hash: hashBytes(bytes ?? readFileSync(path)), size: stat.size, mtime: stat.mtimeMs };
}

/**
 * Whether the file at `path` still holds what its stamp says. Size and modification time are
 * enough when both agree (no file is read); when only the time differs (a copy, a `touch`) the
 * bytes are hashed, and `restamped` is their new stamp, so the next build need not hash them again.
 */
export function checkStamp(path: string, stamp: FileStamp): { intact: boolean; restamped?: FileStamp } {
  let size: number;
  let mtime: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { intact: false };
    size = stat.size;
    mtime = stat.mtimeMs;
  } catch {
    return { intact: false };
  }
  if (size !== stamp.size) return { intact: false };
  if (mtime === stamp.mtime) return { intact: true };
  try {
    if (hashBytes(readFileSync(path)) !== stamp.hash) return { intact: false };
  } catch {
    return { intact: false };
  }
  return { intact: true, restamped: { ...stamp, mtime } };
}

const stampText = (s: FileStamp): string => `${s.hash} ${s.size} ${s.mtime}`;
const sortedStamps = (stamps: Record<string, FileStamp>): Record<string, string> =>
  Object.fromEntries(
    Object.keys(stamps)
      .sort()
      .flatMap((name) => {
        const s = stamps[name];
        return s ? [[name, stampText(s)]] : [];
      }),
  );

/** What the manifest keeps of a pack's entries: question and a hash of the answer, by id. */
export function entrySnapshot(pack: Pack): GuideRecord['entries'] {
  const out: GuideRecord['entries'] = {};
  for (const e of pack.entries) out[e.id] = { q: e.question, a: hashBytes(e.answer) };
  return out;
}

/**
 * Sorted keys, so the file diffs well and two equal builds write equal bytes. An entry is one
 * line, `"id": "<answer hash> <question>"`: a few dozen bytes instead of four indented lines.
 */
export function serializeManifest(m: Manifest): string {
  const guides: Record<string, unknown> = {};
  for (const slug of Object.keys(m.guides).sort()) {
    const g = m.guides[slug];
    if (!g) continue;
    const entries: Record<string, string> = {};
    for (const id of Object.keys(g.entries).sort()) {
      const e = g.entries[id];
      if (e) entries[id] = `${e.a} ${e.q}`;
    }
    guides[slug] = {
      file: g.file,
      input: g.input,
      config: g.config,
      outputs: [...g.outputs].sort(),
      ...(g.stamps ? { stamps: sortedStamps(g.stamps) } : {}),
      ...(g.card ? { card: { key: g.card.key, level: g.card.level, size: g.card.size } } : {}),
      entries,
    };
  }
  const skipped = Object.fromEntries(
    Object.keys(m.skipped)
      .sort()
      .map((slug) => [slug, m.skipped[slug]]),
  );
  const manifest = {
    version: MANIFEST_VERSION,
    config: m.config,
    combined: m.combined,
    ...(m.combinedStamps ? { combinedStamps: sortedStamps(m.combinedStamps) } : {}),
    guides,
    // Written only when a guide is skipped, so that other manifests read as they did.
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
