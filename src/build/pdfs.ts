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

/** The three PDFs of a pack. */
export type PdfKind = 'sheet' | 'card' | 'answers';
export const PDF_KINDS: readonly PdfKind[] = ['sheet', 'card', 'answers'];

/** Some of a pack's PDFs, each with what its layout reported, as made on one thread. */
export interface PdfParts {
  sheet?: { pdf: Uint8Array; diagnostics: Diagnostic[] };
  card?: { pdf: Uint8Array; diagnostics: Diagnostic[]; fit: CardFit };
  answers?: { pdf: Uint8Array; diagnostics: Diagnostic[] };
}

/** A pack's PDFs, made in this thread; the renderers are loaded on first use. */
export async function packPdfs(pack: Pack, options: RenderOptions, guideDir?: string): Promise<PackPdfs> {
  return joinParts(pack, await pdfParts(pack, options, PDF_KINDS, guideDir), guideDir);
}

/** The PDFs of `kinds`, made in this thread. */
export async function pdfParts(
  pack: Pack,
  options: RenderOptions,
  kinds: readonly PdfKind[],
  guideDir?: string,
): Promise<PdfParts> {
  const parts: PdfParts = {};
  if (kinds.includes('sheet')) {
    const { renderCheatsheet } = await import('../render/cheatsheet.js');
    parts.sheet = await renderCheatsheet(pack, { paper: options.paper });
  }
  if (kinds.includes('card')) {
    const { renderSummary } = await import('../render/summary.js');
    parts.card = await renderSummary(pack, { paper: options.paper });
  }
  if (kinds.includes('answers')) {
    const { renderAnswers } = await import('../render/answers.js');
    // Pictures are read relative to the guide; the pack's source is only a path for people to read.
    const baseDir = guideDir ?? dirname(resolve(pack.project.source));
    parts.answers = await renderAnswers(pack, { paper: options.paper, baseDir, imageWarnings: 'pdf-only' });
  }
  return parts;
}

/** The three PDFs, made on one thread or two, with their diagnostics as one list. */
export async function joinParts(pack: Pack, parts: PdfParts, guideDir?: string): Promise<PackPdfs> {
  const { sheet, card, answers } = parts;
  if (!sheet || !card || !answers) throw new Error(`the PDFs of ${pack.project.slug} are not all made`);
  const baseDir = guideDir ?? dirname(resolve(pack.project.source));
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
  | { kind: 'parts'; pack: Pack; options: RenderOptions; kinds: PdfKind[]; guideDir?: string }
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

  /** Some of a pack's PDFs, made on the worker while this thread makes the others. */
  parts(pack: Pack, options: RenderOptions, kinds: PdfKind[], guideDir?: string): Promise<PdfParts> {
    return this.thread.ask<PdfParts>({ kind: 'parts', pack, options, kinds, guideDir } satisfies PdfRequest);
  }

  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult> {
    return this.thread.ask<CombinedSummaryResult>({ kind: 'combined', request } satisfies PdfRequest);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/**
 * Makes a pack's PDFs on two threads at once: the cheat sheet and the summary card on a worker,
 * the answers PDF (the longest to draw) in this thread, while it also writes the deck. For a
 * watch, which rebuilds one guide at a time and keeps its worker warm between builds: an edit
 * reaches its files in about the time of the longer half. The combined summary is made on the
 * worker, after the pack's files are written.
 */
export class SplitPdfs implements PdfMaker {
  constructor(private readonly worker: PdfWorker) {}

  async pack(pack: Pack, options: RenderOptions, guideDir?: string): Promise<PackPdfs> {
    // A worker that failed (or stopped) leaves its half to this thread: a watch goes on.
    const away = this.worker
      .parts(pack, options, ['sheet', 'card'], guideDir)
      .catch(() => pdfParts(pack, options, ['sheet', 'card'], guideDir));
    // Should this thread's half fail, the worker's is still settled, never left rejected and unheard.
    away.catch(() => undefined);
    const here = await pdfParts(pack, options, ['answers'], guideDir);
    return joinParts(pack, { ...(await away), ...here }, guideDir);
  }

  combinedSummary(request: CombinedSummaryRequest): Promise<CombinedSummaryResult> {
    return this.worker.combinedSummary(request).catch(() => IN_THREAD.combinedSummary(request));
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
