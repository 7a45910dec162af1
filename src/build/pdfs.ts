// The PDFs of a build: each pack's cheat sheet and summary card, and the combined summary. They
// are made in this thread, or on one worker thread beside it (`PdfWorker`): then this thread
// reads and parses the next guide while the worker lays out and draws the last one, and the PDF
// and font code is never loaded here at all.
import type { Diagnostic, Pack } from '../model.js';
import type { CardFit } from '../render/summary.js';
import type { CombinedSummaryRequest, CombinedSummaryResult } from './combined.js';
import type { RenderOptions } from './config.js';
import { compiledWorker, WorkerThread } from './thread.js';

/** A pack's two PDFs, with what their layout reported. */
export interface PackPdfs {
  sheet: Uint8Array;
  card: Uint8Array;
  /** The cheat sheet's diagnostics, then the card's. */
  diagnostics: Diagnostic[];
  /** The size and detail the summary card was fitted at: the combined summary reuses it. */
  fit: CardFit;
}

/** Makes PDFs, here or elsewhere; a build uses one for all its guides and its combined summary. */
export interface PdfMaker {
  pack(pack: Pack, options: RenderOptions): Promise<PackPdfs>;
  /** Writes the combined summary to a temp file beside out/all.summary.pdf and says where. */
  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult>;
}

/** A pack's PDFs, made in this thread; the renderers are loaded on first use. */
export async function packPdfs(pack: Pack, options: RenderOptions): Promise<PackPdfs> {
  const { renderCheatsheet } = await import('../render/cheatsheet.js');
  const { renderSummary } = await import('../render/summary.js');
  const sheet = await renderCheatsheet(pack, { paper: options.paper });
  const card = await renderSummary(pack, { paper: options.paper });
  return {
    sheet: sheet.pdf,
    card: card.pdf,
    diagnostics: [...sheet.diagnostics, ...card.diagnostics],
    fit: card.fit,
  };
}

/** Makes every PDF in this thread. */
export const IN_THREAD: PdfMaker = {
  pack: packPdfs,
  async combinedSummary(request) {
    const { combinedSummaryFile } = await import('./combined.js');
    return combinedSummaryFile(request);
  },
};

/** A request to the PDF worker; the thread gives it its id. */
export type PdfRequest =
  | { kind: 'pack'; pack: Pack; options: RenderOptions }
  | { kind: 'combined'; request: CombinedSummaryRequest };

/**
 * Makes PDFs on a worker thread, one request after another in the order they were asked for.
 * The worker loads the PDF and font code as soon as it starts, while this thread is still
 * reading the first guide.
 */
export class PdfWorker implements PdfMaker {
  private constructor(private readonly thread: WorkerThread) {}

  /** A worker, or null when there is no compiled one to start (under the tests). */
  static start(): PdfWorker | null {
    const file = compiledWorker('pdf-worker');
    return file ? new PdfWorker(new WorkerThread(file)) : null;
  }

  pack(pack: Pack, options: RenderOptions): Promise<PackPdfs> {
    return this.thread.ask<PackPdfs>({ kind: 'pack', pack, options } satisfies PdfRequest);
  }

  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult> {
    return this.thread.ask<CombinedSummaryResult>({ kind: 'combined', request } satisfies PdfRequest);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
