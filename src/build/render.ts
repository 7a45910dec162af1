// A pack's output files, rendered in memory. The renderers are imported on first use, so a
// build with nothing to do never loads the PDF or font code.
import type { Diagnostic, Pack } from '../model.js';
import type { PackageOptions, RenderedPackage } from '../render/apkg/index.js';
import type { CardFit } from '../render/summary.js';
import type { RenderOptions } from './config.js';
import { IN_THREAD, type PdfMaker } from './pdfs.js';

export interface RenderedPack {
  /** File name inside out/<slug>/ → bytes. */
  files: [string, Uint8Array][];
  diagnostics: Diagnostic[];
  /** The size and detail the summary card was fitted at: the combined summary reuses it. */
  fit: CardFit;
  /** Per entry id, its Anki note's hash and time, for the lock file. */
  stamps: RenderedPackage['stamps'];
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

export function packJson(pack: Pack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/**
 * Every file of out/<slug>/ for one pack. The PDFs are asked for first, so that a worker making
 * them works while this thread writes the deck.
 */
export async function renderPack(
  pack: Pack,
  options: RenderOptions,
  pdfs: PdfMaker = IN_THREAD,
  guideDir?: string,
  anki: PackageOptions = { timeOf: () => 0, noteTypeChanged: 0 },
): Promise<RenderedPack> {
  const slug = pack.project.slug;
  const pending = pdfs.pack(pack, options, guideDir);
  // Should the deck fail, the PDFs' promise is still settled, never left rejected and unheard.
  pending.catch(() => undefined);
  const { renderAnkiCsv } = await import('../render/anki-csv.js');
  const json = utf8(packJson(pack));
  const deck = utf8(renderAnkiCsv(pack, anki.images ? { images: anki.images } : {}));
  const { renderPackage } = await import('../render/apkg/index.js');
  const apkg = await renderPackage(pack, anki);
  const made = await pending;
  return {
    files: [
      ['pack.json', json],
      [`${slug}.anki.csv`, deck],
      [`${slug}.apkg`, apkg.bytes],
      [`${slug}.cheatsheet.pdf`, made.sheet],
      [`${slug}.summary.pdf`, made.card],
      [`${slug}.answers.pdf`, made.answers],
    ],
    diagnostics: made.diagnostics,
    fit: made.fit,
    stamps: apkg.stamps,
  };
}
