// The PDF worker: makes the PDFs the build thread asks for (see PdfWorker in pdfs.ts), one
// request at a time, in order, and posts each back with its bytes transferred, not copied.
// Everything but the thread's port is imported on start, not before it: the worker is running
// (and loading the PDF and font code) while the build thread still parses its first guide.
import { parentPort } from 'node:worker_threads';
import type { PdfReply, PdfRequest } from './pdfs.js';

const renderers = Promise.all([
  import('./pdfs.js'),
  import('./combined.js'),
  import('../render/cheatsheet.js'),
  import('../render/summary.js'),
]);
// A failure to load is answered to each request, not thrown here.
renderers.catch(() => undefined);

async function answer(msg: PdfRequest): Promise<PdfReply> {
  try {
    const [{ packPdfs }, { combinedSummaryFile }] = await renderers;
    if (msg.kind === 'pack') return { id: msg.id, result: await packPdfs(msg.pack, msg.options) };
    return { id: msg.id, result: await combinedSummaryFile(msg.request) };
  } catch (err) {
    return {
      id: msg.id,
      error: err instanceof Error ? err.message : String(err),
      code: (err as NodeJS.ErrnoException).code,
    };
  }
}

/** Bytes that are the whole of their buffer may be moved; a slice of a shared one is copied. */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

// Requests are answered in the order they came: a pack's PDFs are never made side by side with
// another's, which would only share one thread's time.
let queue = Promise.resolve();
parentPort?.on('message', (msg: PdfRequest) => {
  queue = queue.then(async () => {
    const reply = await answer(msg);
    const pdfs = 'result' in reply && 'sheet' in reply.result ? [reply.result.sheet, reply.result.card] : [];
    try {
      parentPort?.postMessage(
        reply,
        pdfs.filter(ownsBuffer).map((b) => b.buffer as ArrayBuffer),
      );
    } catch (err) {
      // A reply that cannot be posted is answered with why, so the build never waits for it.
      parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
