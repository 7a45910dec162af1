// A watch keeps its code warm. After the first build, while the user is still reading the report,
// a tiny sample guide is taken through every stage in this thread, so that the first edit finds
// the parser, the renderers and the fonts loaded. Then the packs just built are drawn again, in
// memory and writing nothing, the guides edited last first: the code each edit runs gets
// optimized on the user's own text, in this thread and in the PDF worker. A change stops this at
// the next pack, so an edit waits for one pack at most, and what is left goes on once that edit's
// build is done.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Pack } from '../model.js';
import type { RenderOptions } from './config.js';
import type { PdfMaker } from './pdfs.js';
import type { GuideReport } from './report.js';

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

/** How long packs are drawn again in all, at most: beyond this, more packs warm little more. */
export const WARM_BUDGET_MS = 1500;

/** Guides edited last first (by the file's modification time), then in file order. */
function lastEditedFirst(guides: GuideReport[]): GuideReport[] {
  const mtime = (g: GuideReport): number => {
    try {
      return statSync(resolve(g.file)).mtimeMs;
    } catch {
      return 0;
    }
  };
  return guides
    .filter((g) => g.status === 'built' || g.status === 'unchanged')
    .map((g, i) => ({ g, i, t: mtime(g) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map((x) => x.g);
}

export class Warmer {
  private sampled = false;
  private readonly queue: GuideReport[];
  private spentMs = 0;

  /**
   * `guides` are the first build's reports: those with a pack in `outDir` are drawn again, with
   * their PDFs made by `pdfs` (warming its worker too).
   */
  constructor(
    private readonly options: RenderOptions,
    private readonly pdfs: PdfMaker | undefined,
    guides: GuideReport[],
    private readonly outDir: string,
    private readonly budgetMs = WARM_BUDGET_MS,
  ) {
    this.queue = lastEditedFirst(guides);
  }

  /** True while packs are left to draw and time is left to draw them in. */
  get pending(): boolean {
    return !this.sampled || (this.queue.length > 0 && this.spentMs < this.budgetMs);
  }

  /**
   * Draws the sample, then packs, until `stop` says a change is waiting or the budget is spent.
   * Any failure is ignored: only time is lost, and the build says what is wrong.
   */
  async run(stop: () => boolean): Promise<void> {
    try {
      const { renderPack } = await import('./render.js');
      if (!this.sampled) {
        this.sampled = true;
        const { packFromBytes } = await import('./pack.js');
        const { pack } = packFromBytes(Buffer.from(SAMPLE), { file: 'warm-up.md', slug: 'warm-up' });
        if (pack && pack.entries.length > 0) await renderPack(pack, this.options, this.pdfs);
      }
      while (this.pending && !stop()) {
        const guide = this.queue.shift() as GuideReport;
        const start = performance.now();
        let built: Pack;
        try {
          // Read as the build wrote it (and checked it then); a pack damaged since is passed by.
          built = JSON.parse(await readFile(join(this.outDir, guide.slug, 'pack.json'), 'utf8')) as Pack;
        } catch {
          continue;
        }
        await renderPack(built, this.options, this.pdfs);
        this.spentMs += performance.now() - start;
      }
    } catch {
      // Only time is lost: the next build loads what it needs itself.
    }
  }
}
