// out/.manifest.json: per guide, what its outputs were made from, so an unchanged guide is
// skipped without being read further, and what it held, so the next build can say what changed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../model.js';
import { SLUG } from '../normalize/slug.js';
import * as z from '../zod.js';

export const MANIFEST_NAME = '.manifest.json';

/** The file's format: 2 writes each entry on one line; format 1 (an object per entry) is still read. */
export const MANIFEST_VERSION = 2;

const entrySchema = z.object({ q: z.string(), a: z.string() });
const LINE = /^[0-9a-f]{32} /;
/**
 * Format 2: an entry is one string, the answer's hash, a space, the question. A guide's entries
 * are checked in one loop rather than by a schema per entry: a thousand guides hold tens of
 * thousands of entries, which a build with nothing to do reads too.
 */
const linesSchema = z.pipe(
  z.custom<Record<string, string>>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((line) => typeof line === 'string' && LINE.test(line)),
  ),
  z.transform((lines: Record<string, string>) => {
    const entries: Record<string, { q: string; a: string }> = {};
    for (const [id, line] of Object.entries(lines)) entries[id] = { q: line.slice(33), a: line.slice(0, 32) };
    return entries;
  }),
);
/** The fit of the guide's summary card, valid for the pack.json and config that `key` hashes. */
const cardSchema = z.object({ key: z.string(), level: z.int(), size: z.number() });

/**
 * The manifest's keys and output names become paths under out/ (and --prune removes them): a
 * slug is one folder name, an output one file name in it, never `..`, `.` or a separator.
 */
const slugKey = z.string().check(z.regex(SLUG));
const OUTPUT_NAME = /^(?:media\/)?[a-z0-9][a-z0-9.-]*$/;

/**
 * What an output was when the build wrote it: `<hash> <size> <mtimeMs>`, so that a build with
 * nothing to do can tell a damaged or replaced file by a stat, and hash only when the stat differs.
 */
const STAMP = /^([0-9a-f]{32}) (\d+) (\d+(?:\.\d+)?)$/;
const stampSchema = z.pipe(
  z.string().check(z.regex(STAMP)),
  z.transform((text: string): FileStamp => {
    const [, hash = '', size = '0', mtime = '0'] = STAMP.exec(text) ?? [];
    return { hash, size: Number(size), mtime: Number(mtime) };
  }),
);
const outputName = z.string().check(z.regex(OUTPUT_NAME));

const guideFields = {
  file: z.string(),
  input: z.string(),
  config: z.string(),
  outputs: z.array(outputName),
  /** By output name, what each was when written; absent in manifests of earlier builds. */
  stamps: z.optional(z.record(outputName, stampSchema)),
  card: z.optional(cardSchema),
};
const guideSchema = z.object({ ...guideFields, entries: z.record(z.string(), entrySchema) });
/** A guide skipped for having no questions, as it was then: skipped again, unread, while it stays so. */
const skippedSchema = z.object({ file: z.string(), input: z.string(), config: z.string() });
const manifestFields = {
  config: z.string(),
  combined: z._default(z.string(), ''),
  /** out/all.anki.csv and out/all.summary.pdf as the last build wrote them. */
  combinedStamps: z.optional(z.record(z.string().check(z.regex(/^all\.[a-z.]+$/)), stampSchema)),
  skipped: z._default(z.record(slugKey, skippedSchema), {}),
};
const manifestSchema = z.discriminatedUnion('version', [
  z.object({
    version: z.literal(2),
    ...manifestFields,
    guides: z.record(slugKey, z.object({ ...guideFields, entries: linesSchema })),
  }),
  z.object({ version: z.literal(1), ...manifestFields, guides: z.record(slugKey, guideSchema) }),
]);

/** What the manifest holds of one guide; entries keep the question and a hash of the answer, by id. */
export type GuideRecord = z.infer<typeof guideSchema>;
export type SkippedRecord = z.infer<typeof skippedSchema>;
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
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/**
 * The manifest of an out folder, checked against the schema; a missing, damaged or hostile one
 * (a slug or output name that is a path) means "build everything".
 */
export function readManifest(outDir: string): Manifest {
  const path = join(outDir, MANIFEST_NAME);
  if (!existsSync(path)) return emptyManifest();
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return emptyManifest();
  }
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
