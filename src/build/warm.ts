// A watch keeps its code warm: after the first build, a tiny guide is taken through every stage in
// this thread while the user is still reading the report, so that the first edit finds the parser,
// the renderers and the fonts loaded and compiled, as every later edit does.
import type { RenderOptions } from './config.js';
import type { PdfMaker } from './pdfs.js';

const SAMPLE = [
  '# Warm-up',
  '',
  '## Why is the first edit as quick as the next?',
  '',
  'Because the parser, the **PDF code** and the fonts are loaded before it: `O(1)` work later.',
  '',
  '```js',
  'const ready = true;',
  '```',
  '',
].join('\n');

/**
 * Builds a sample pack in memory, writing nothing, its PDFs made by `pdfs` (warming its worker
 * too); any failure is ignored, as the build will say.
 */
export async function warmUp(options: RenderOptions, pdfs?: PdfMaker): Promise<void> {
  try {
    const { packFromBytes } = await import('./pack.js');
    const { renderPack } = await import('./render.js');
    const { pack } = packFromBytes(Buffer.from(SAMPLE), { file: 'warm-up.md', slug: 'warm-up' });
    if (pack && pack.entries.length > 0) await renderPack(pack, options, pdfs);
  } catch {
    // Only time is lost: the next build loads what it needs itself.
  }
}
