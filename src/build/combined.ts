// The combined outputs, out/all.anki.csv, out/all.apkg and out/all.summary.pdf: every pack at
// once, made from the files of out/<slug>/, the deck and the summary one pack at a time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../model.js';
import type { CardFit } from '../render/summary.js';
import { replaceAll, TempFile } from './atomic.js';
import type { RenderOptions } from './config.js';
import type { GuideRecord, Manifest } from './manifest.js';
import { IN_THREAD, type PdfMaker } from './pdfs.js';

export const COMBINED_DECK = 'all.anki.csv';
export const COMBINED_SUMMARY = 'all.summary.pdf';
export const COMBINED_PACKAGE = 'all.apkg';

/**
 * What a remembered card fit is valid for: these exact pack.json bytes, set with this config
 * (code, templates, fonts, paper). Any change to either fits the card again.
 */
export function cardKey(config: string, packBytes: Uint8Array): string {
  return createHash('sha256').update(`${config}\n`).update(packBytes).digest('hex').slice(0, 32);
}

/**
 * A pack read back from out/<slug>/pack.json, with the key of its card; null when unusable. A
 * pack whose key is `validated` (the key of a card drawn from it by an earlier build, which read
 * and validated these very bytes with this very code) is not validated again.
 */
async function readPack(
  outDir: string,
  slug: string,
  config: string,
  validated: string | undefined,
): Promise<{ pack: Pack; key: string } | null> {
  try {
    const bytes = readFileSync(join(outDir, slug, 'pack.json'));
    const key = cardKey(config, bytes);
    const data: unknown = JSON.parse(bytes.toString('utf8'));
    if (key === validated) return { pack: data as Pack, key };
    // The schema (and zod) is loaded only for a pack no earlier build has drawn.
    const { validatePack } = await import('../schema.js');
    return { pack: validatePack(data), key };
  } catch {
    // A pack.json that cannot be read or does not validate is not combined; its guide rebuilds it next time.
    return null;
  }
}

/** What the combined summary is made from: plain data, so another thread can make it. */
export interface CombinedSummaryRequest {
  outDir: string;
  /** The packs, in the order of the cards. */
  slugs: string[];
  /** The card fits the manifest remembers, by slug. */
  known: Record<string, GuideRecord['card']>;
  config: string;
  options: RenderOptions;
}

export interface CombinedSummaryResult {
  /** The temp file beside out/all.summary.pdf, whole and fsynced, not yet renamed. */
  path: string;
  /** The fit of every card drawn, for the manifest. */
  fits: { slug: string; key: string; fit: CardFit }[];
}

/**
 * Writes the combined summary of `slugs` (in that order) to a temp file beside
 * out/all.summary.pdf, reading and drawing one pack at a time. Cards whose fit is known for the
 * same pack and config are laid out once, without fitting; the fits found are returned for the
 * manifest of the next build.
 */
export async function combinedSummaryFile(request: CombinedSummaryRequest): Promise<CombinedSummaryResult> {
  const { outDir, slugs, known, config, options } = request;
  const { writeCombinedSummary } = await import('../render/summary.js');
  // The footers number the cards ("3/12"), so how many there are is known before the first one
  // is drawn: every pack whose file is there. One found unusable on the way (rare: a pack.json
  // damaged by hand) starts the file again without it.
  let included = slugs.filter((slug) => existsSync(join(outDir, slug, 'pack.json')));
  for (;;) {
    const unusable: string[] = [];
    const fits: CombinedSummaryResult['fits'] = [];
    async function* cards(): AsyncGenerator<{
      pack: Pack;
      fit: CardFit | undefined;
      slug: string;
      key: string;
    }> {
      for (const slug of included) {
        const card = known[slug];
        const read = await readPack(outDir, slug, config, card?.key);
        if (!read) {
          unusable.push(slug);
          continue;
        }
        const fit = card?.key === read.key ? { level: card.level, size: card.size } : undefined;
        yield { pack: read.pack, fit, slug, key: read.key };
      }
    }
    const file = new TempFile(join(outDir, COMBINED_SUMMARY));
    try {
      await writeCombinedSummary(cards(), included.length, (chunk) => file.write(chunk), {
        paper: options.paper,
        onCard: (card, fit) => fits.push({ slug: card.slug, key: card.key, fit }),
      });
      if (unusable.length === 0) file.close();
    } catch (err) {
      file.discard();
      throw err;
    }
    if (unusable.length === 0) return { path: file.path, fits };
    file.discard();
    included = included.filter((slug) => !unusable.includes(slug));
  }
}

/**
 * Replaces out/all.anki.csv, out/all.apkg and out/all.summary.pdf together, from the packs of
 * `slugs` in that order. The deck is each project's deck with a deck column, read one file at a
 * time; the summary is drawn one card at a time into a temp file; the package is made of each
 * project's package, so its notes keep the times their packages gave them.
 */
export async function writeCombined(
  outDir: string,
  slugs: string[],
  manifest: Manifest,
  config: string,
  options: RenderOptions,
  pdfs: PdfMaker = IN_THREAD,
): Promise<void> {
  const { COMBINED_HEADERS, combinedRowsOf } = await import('../render/anki-csv.js');
  function* deckRows(): Generator<string> {
    yield `${COMBINED_HEADERS.join('\n')}\n`;
    for (const slug of slugs) {
      const path = join(outDir, slug, `${slug}.anki.csv`);
      if (existsSync(path)) yield combinedRowsOf(readFileSync(path, 'utf8'));
    }
  }
  const packages = slugs
    .map((slug) => join(outDir, slug, `${slug}.apkg`))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path));
  const { combinePackages } = await import('../render/apkg/package.js');
  const apkg = packages.length > 0 ? await combinePackages(packages) : null;
  const known = Object.fromEntries(slugs.map((slug) => [slug, manifest.guides[slug]?.card]));
  const made = await pdfs.combinedSummary({ outDir, slugs, known, config, options });
  const summary = TempFile.written(join(outDir, COMBINED_SUMMARY), made.path);
  for (const { slug, key, fit } of made.fits) {
    const record = manifest.guides[slug];
    if (record) record.card = { key, level: fit.level, size: fit.size };
  }
  replaceAll(
    outDir,
    new Map<string, Iterable<string> | Uint8Array | TempFile>([
      [COMBINED_DECK, deckRows()],
      ...(apkg ? [[COMBINED_PACKAGE, apkg] as [string, Uint8Array]] : []),
      [COMBINED_SUMMARY, summary],
    ]),
  );
}
