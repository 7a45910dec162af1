// The PDF worker: makes the PDFs the build thread asks for (see PdfWorker in pdfs.ts), one
// request at a time, in order, and posts each back with its bytes transferred, not copied.
// Everything but the thread's port is imported on start, not before it: the worker is running
// (and loading the PDF and font code) while the build thread still parses its first guide.
import { parentPort } from 'node:worker_threads';
import { keepParts } from '../parse/sections.js';
import type { PdfRequest } from './pdfs.js';
import { failureOf, type Reply } from './thread.js';

const renderers = Promise.all([
  import('./pdfs.js'),
  import('./combined.js'),
  import('../render/cheatsheet.js'),
  import('../render/summary.js'),
  import('../render/answers.js'),
]);
// A failure to load is answered to each request, not thrown here.
renderers.catch(() => undefined);

async function answer(msg: PdfRequest & { id: number }): Promise<Reply<unknown>> {
  try {
    const [{ packPdfs, pdfParts }, { combinedSummaryFile }] = await renderers;
    if (msg.kind === 'pack')
      return { id: msg.id, result: await packPdfs(msg.pack, msg.options, msg.guideDir) };
    if (msg.kind === 'parts') {
      // Parts of a pack's PDFs are asked for by a watch (SplitPdfs), which rebuilds the same
      // guides again and again: the parts of the texts parsed here are kept, as in its thread.
      keepParts();
      return { id: msg.id, result: await pdfParts(msg.pack, msg.options, msg.kinds, msg.guideDir) };
    }
    return { id: msg.id, result: await combinedSummaryFile(msg.request) };
  } catch (err) {
    return { id: msg.id, ...failureOf(err) };
  }
}

/** The PDFs of a reply that may be moved: those that are the whole of their buffer, not a slice. */
function movable(reply: Reply<unknown>): ArrayBuffer[] {
  if (!('result' in reply) || typeof reply.result !== 'object' || reply.result === null) return [];
  const result = reply.result as Record<string, unknown>;
  // A pack's PDFs are its `sheet`, `card` and `answers`; some of them (parts) each hold a `pdf`.
  const pdfs = ['sheet', 'card', 'answers'].map((kind) => {
    const value = result[kind];
    return value && typeof value === 'object' && 'pdf' in value ? value.pdf : value;
  });
  return pdfs
    .filter((b): b is Uint8Array => b instanceof Uint8Array)
    .filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength)
    .map((b) => b.buffer as ArrayBuffer);
}

// Requests are answered in the order they came: a pack's PDFs are never made side by side with
// another's, which would only share one thread's time.
let queue = Promise.resolve();
parentPort?.on('message', (msg: PdfRequest & { id: number }) => {
  queue = queue.then(async () => {
    const reply = await answer(msg);
    try {
      parentPort?.postMessage(reply, movable(reply));
    } catch (err) {
      // A reply that cannot be posted is answered with why, so the build never waits for it.
      parentPort?.postMessage({ id: msg.id, ...failureOf(err) } satisfies Reply<unknown>);
    }
  });
});
