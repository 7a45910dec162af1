// A pack's output files, rendered in memory. The renderers are imported on first use, so a
// build with nothing to do never loads the PDF or font code.
import type { Diagnostic, Pack } from '../model.js';
import type { CardFit } from '../render/summary.js';
import type { RenderOptions } from './config.js';

export interface RenderedPack {
  /** File name inside out/<slug>/ → bytes. */
  files: [string, Uint8Array][];
  diagnostics: Diagnostic[];
  /** The size and detail the summary card was fitted at: the combined summary reuses it. */
  fit: CardFit;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

export function packJson(pack: Pack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/** Every file of out/<slug>/ for one pack. */
export async function renderPack(pack: Pack, options: RenderOptions): Promise<RenderedPack> {
  const slug = pack.project.slug;
  const { renderAnkiCsv } = await import('../render/anki-csv.js');
  const { renderCheatsheet } = await import('../render/cheatsheet.js');
  const { renderSummary } = await import('../render/summary.js');
  const sheet = await renderCheatsheet(pack, { paper: options.paper });
  const card = await renderSummary(pack, { paper: options.paper });
  return {
    files: [
      ['pack.json', utf8(packJson(pack))],
      [`${slug}.anki.csv`, utf8(renderAnkiCsv(pack))],
      [`${slug}.cheatsheet.pdf`, sheet.pdf],
      [`${slug}.summary.pdf`, card.pdf],
    ],
    diagnostics: [...sheet.diagnostics, ...card.diagnostics],
    fit: card.fit,
  };
}
