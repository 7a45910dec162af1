// The PDFs of a build: each pack's cheat sheet and summary card, and the combined summary. They
// are made in this thread, or on one worker thread beside it (`PdfWorker`): then this thread
// reads and parses the next guide while the worker lays out and draws the last one, and the PDF
// and font code is never loaded here at all.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Pack } from '../model.js';
import type { CardFit } from '../render/summary.js';
import type { CombinedSummaryRequest, CombinedSummaryResult } from './combined.js';
import type { RenderOptions } from './config.js';
import { compiledWorker, WorkerThread } from './thread.js';

/** A pack's three PDFs, with what their layout reported. */
export interface PackPdfs {
  sheet: Uint8Array;
  card: Uint8Array;
  answers: Uint8Array;
  /** The cheat sheet's diagnostics, then the card's and the answers', each problem once. */
  diagnostics: Diagnostic[];
  /** The size and detail the summary card was fitted at: the combined summary reuses it. */
  fit: CardFit;
}

/** Makes PDFs, here or elsewhere; a build uses one for all its guides and its combined summary. */
export interface PdfMaker {
  /** `guideDir` is the guide's folder on disk, where the answers PDF finds its pictures. */
  pack(pack: Pack, options: RenderOptions, guideDir?: string): Promise<PackPdfs>;
  /** Writes the combined summary to a temp file beside out/all.summary.pdf and says where. */
  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult>;
}

/** A pack's PDFs, made in this thread; the renderers are loaded on first use. */
export async function packPdfs(pack: Pack, options: RenderOptions, guideDir?: string): Promise<PackPdfs> {
  const { renderCheatsheet } = await import('../render/cheatsheet.js');
  const { renderSummary } = await import('../render/summary.js');
  const { renderAnswers } = await import('../render/answers.js');
  const sheet = await renderCheatsheet(pack, { paper: options.paper });
  const card = await renderSummary(pack, { paper: options.paper });
  // Pictures are read relative to the guide; the pack's source is only a path for people to read.
  const baseDir = guideDir ?? dirname(resolve(pack.project.source));
  const answers = await renderAnswers(pack, { paper: options.paper, baseDir, imageWarnings: 'pdf-only' });
  const diagnostics = [...sheet.diagnostics, ...card.diagnostics, ...answers.diagnostics];
  const { needleOf } = await import('../render/pdf-blocks.js');
  atTheirLines(diagnostics, join(baseDir, basename(pack.project.source)), needleOf);
  return {
    sheet: sheet.pdf,
    card: card.pdf,
    answers: answers.pdf,
    diagnostics: once(diagnostics),
    fit: card.fit,
  };
}

/**
 * Moves each warning about a formula or a picture from its question's line to the line that holds
 * it: the renderers only know where a question starts, so the guide is searched from there.
 */
function atTheirLines(
  diagnostics: Diagnostic[],
  guide: string,
  needleOf: (d: Diagnostic) => string | undefined,
) {
  const placed = diagnostics.filter((d) => needleOf(d) !== undefined);
  if (placed.length === 0) return;
  let lines: string[];
  try {
    lines = readFileSync(guide, 'utf8').split(/\r?\n/);
  } catch {
    return;
  }
  for (const d of placed) {
    const needle = (needleOf(d) ?? '').split('\n')[0]?.trim() ?? '';
    if (!needle) continue;
    for (let k = d.line - 1; k < lines.length; k++) {
      const column = lines[k]?.indexOf(needle) ?? -1;
      if (column >= 0) {
        d.line = k + 1;
        d.column = column + 1;
        break;
      }
    }
  }
}

/** The same problem found by two PDFs (a formula that does not parse) is reported once. */
function once(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.ruleId}\0${d.file}\0${d.line}\0${d.message.replace(/\b(cheat sheet|summary card|answers PDF)\b/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  | { kind: 'pack'; pack: Pack; options: RenderOptions; guideDir?: string }
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

  pack(pack: Pack, options: RenderOptions, guideDir?: string): Promise<PackPdfs> {
    return this.thread.ask<PackPdfs>({ kind: 'pack', pack, options, guideDir } satisfies PdfRequest);
  }

  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult> {
    return this.thread.ask<CombinedSummaryResult>({ kind: 'combined', request } satisfies PdfRequest);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
