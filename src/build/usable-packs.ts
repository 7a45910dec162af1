// Which packs out/all.* may be made of: a pack.json that validates and a deck that is whole. Files
// the manifest's stamps vouch for are taken as written; others (no manifest, or a file changed
// since) are read and checked, and a damaged one keeps its pack out of the combined files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../model.js';
import { checkStamp, type GuideRecord } from './manifest.js';

/** What a check found wrong with a pack, in one phrase, or null when it can be combined. */
export type PackProblem = string | null;

/**
 * The GUID of each row of a deck, in order, or null when the file is not a whole deck: every
 * field quoted, four per row, each row ended by a newline (a file cut short ends inside one).
 */
export function deckGuids(csv: string): string[] | null {
  let i = 0;
  // The `#key:value` header lines.
  while (csv.startsWith('#', i)) {
    const end = csv.indexOf('\n', i);
    if (end === -1) return null;
    i = end + 1;
  }
  const guids: string[] = [];
  while (i < csv.length) {
    const fields: string[] = [];
    for (;;) {
      if (csv[i] !== '"') return null;
      let value = '';
      let k = i + 1;
      for (;;) {
        const quote = csv.indexOf('"', k);
        if (quote === -1) return null;
        value += csv.slice(k, quote);
        if (csv[quote + 1] === '"') {
          value += '"';
          k = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (csv[i] === ',') {
        i++;
        continue;
      }
      if (csv[i] === '\n') {
        i++;
        break;
      }
      return null;
    }
    if (fields.length !== 4) return null;
    guids.push(fields[3] as string);
  }
  return guids;
}

/** True when `name` of the pack is as the build wrote it, by its stamp (no stamp: unknown, false). */
function vouched(dir: string, name: string, record: GuideRecord | undefined): boolean {
  const stamp = record?.stamps?.[name];
  return stamp !== undefined && checkStamp(join(dir, name), stamp).intact;
}

/**
 * Checks out/<slug>/ for the combined files: null when its pack.json and deck can be used, else
 * what is wrong. `pack` is the pack.json read and validated, when it had to be read.
 */
export async function packProblem(
  outDir: string,
  slug: string,
  record: GuideRecord | undefined,
): Promise<{ problem: PackProblem; pack?: Pack }> {
  const dir = join(outDir, slug);
  const deckName = `${slug}.anki.csv`;
  const packVouched = vouched(dir, 'pack.json', record);
  const deckVouched = vouched(dir, deckName, record);
  if (packVouched && deckVouched) return { problem: null };
  let pack: Pack;
  try {
    const { validatePack } = await import('../schema.js');
    pack = validatePack(JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')));
  } catch {
    return { problem: `${join(dir, 'pack.json')} is missing or does not validate` };
  }
  if (!deckVouched) {
    const path = join(dir, deckName);
    const guids = existsSync(path) ? deckGuids(readFileSync(path, 'utf8')) : null;
    const ids = pack.entries.map((e) => e.id);
    if (!guids || guids.length !== ids.length || guids.some((g, k) => g !== ids[k]))
      return { problem: `${path} is missing, cut short or not the deck of its pack.json`, pack };
  }
  return { problem: null, pack };
}
