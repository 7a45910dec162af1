// bytes → text: BOM, line endings, binary detection, stray bytes and mojibake repair, with
// diagnostics. The stage never throws on bad input: problems come back as diagnostics.
import { diagnostic } from '../errors.js';
import type { Diagnostic, ReadResult } from '../model.js';
import { decodeBytes } from './decode.js';
import { deepestLine, MAX_GUIDE_BYTES, MAX_NESTING, tooLarge } from './limits.js';
import { lineAt, locator } from './lines.js';
import { repairMojibake } from './mojibake.js';
import { workExcess } from './work-limits.js';

/**
 * Warnings of one kind, up to this many (one per line with stray bytes, one per run that could not
 * be repaired); then one more that counts the rest.
 */
const MAX_WARNINGS = 20;

/** Turns a guide's bytes into text; never throws on bad input. */
export function readGuide(bytes: Uint8Array, file: string): ReadResult {
  if (bytes.length === 0) {
    return { text: '', ok: false, diagnostics: [diagnostic('empty-guide', `${file} is empty.`, file)] };
  }
  if (bytes.length > MAX_GUIDE_BYTES) {
    return { text: '', ok: false, diagnostics: [tooLarge(file, bytes.length)] };
  }
  const decoded = decodeBytes(bytes);
  if (decoded.binary !== null) {
    return {
      text: '',
      ok: false,
      diagnostics: [diagnostic('binary-file', `${file} ${decoded.binary}.`, file)],
    };
  }
  if (decoded.text.trim() === '') {
    return {
      text: decoded.text,
      ok: false,
      diagnostics: [diagnostic('empty-guide', `${file} holds only blank lines.`, file)],
    };
  }
  const deep = deepestLine(decoded.text);
  if (deep !== null) {
    const detail =
      deep.depth > MAX_NESTING
        ? `Line ${deep.line} nests ${deep.depth} blockquotes or lists; at most ${MAX_NESTING} levels can be read.`
        : `Line ${deep.line} starts a list or blockquote ${deep.indent} columns in, deeper than the ${MAX_NESTING} levels that can be read.`;
    return { text: '', ok: false, diagnostics: [diagnostic('too-deep', detail, file, deep.line)] };
  }
  const excess = workExcess(decoded.text);
  if (excess !== null)
    return {
      text: '',
      ok: false,
      diagnostics: [diagnostic('too-complex', excess.message, file, excess.line)],
    };
  const diagnostics = strayDiagnostics(decoded.text, decoded.strays, file);
  const repair = repairMojibake(decoded.text, decoded.strays);
  const at = locator(decoded.text);
  const first = repair.repaired[0];
  if (repair.codePage !== null && first !== undefined) {
    const count = repair.repaired.length;
    const where = at(first.start);
    const example = `"${decoded.text.slice(first.start, first.end)}" → "${first.replacement}"`;
    diagnostics.push(
      diagnostic(
        'mojibake-repaired',
        `Repaired ${count} ${count === 1 ? 'run' : 'runs'} of UTF-8 text that had been read as ${repair.codePage.label}, first ${example}.`,
        file,
        where.line,
        where.column,
      ),
    );
  }
  for (const offset of repair.unrepaired.slice(0, MAX_WARNINGS)) {
    const where = at(offset);
    const sample = decoded.text.slice(offset, offset + 4).split('\n')[0];
    diagnostics.push(
      diagnostic(
        'mojibake-unrepaired',
        `"${sample}" looks like UTF-8 read through a Windows code page, but no character fits; it was left as it is.`,
        file,
        where.line,
        where.column,
      ),
    );
  }
  const rest = repair.unrepaired.length - MAX_WARNINGS;
  if (rest > 0) {
    const where = at(repair.unrepaired[MAX_WARNINGS] as number);
    diagnostics.push(
      diagnostic(
        'mojibake-unrepaired',
        `${rest} more ${rest === 1 ? 'run looks' : 'runs look'} double-encoded with no character that fits.`,
        file,
        where.line,
        where.column,
      ),
    );
  }
  // A BOM that went through the code page too ("ï»¿") comes back as U+FEFF: still a BOM.
  // Composed (NFC): "e" + U+0301 becomes "é", which prints as one glyph and is found by a search
  // for "résumé" in the PDFs and in Anki.
  const text = repair.text.replace(/^\uFEFF+/, '').normalize('NFC');
  const rtl = RTL.exec(text);
  if (rtl) {
    const where = locator(text)(rtl.index);
    diagnostics.push(
      diagnostic(
        'rtl-text',
        `Right-to-left text ("${lineAt(text, rtl.index).trim().slice(0, 40)}") prints left to right in the PDFs, its letters in typing order and Arabic letters unjoined; the Anki cards show it as written.`,
        file,
        where.line,
        where.column,
      ),
    );
  }
  return { text, diagnostics, ok: true };
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: written right to left. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

function strayDiagnostics(text: string, strays: number[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = locator(text);
  let lastLine = 0;
  let lines = 0;
  for (const offset of strays) {
    const where = at(offset);
    if (where.line === lastLine) continue;
    lastLine = where.line;
    lines++;
    if (lines > MAX_WARNINGS) continue;
    const shown = text.charAt(offset);
    out.push(
      diagnostic(
        'invalid-utf8',
        `Line ${where.line} holds bytes that are not UTF-8; read as Windows-1252 ("${shown}").`,
        file,
        where.line,
        where.column,
      ),
    );
  }
  if (lines > MAX_WARNINGS) {
    const rest = lines - MAX_WARNINGS;
    out.push(
      diagnostic(
        'invalid-utf8',
        `${rest} more ${rest === 1 ? 'line holds' : 'lines hold'} bytes that are not UTF-8, read as Windows-1252.`,
        file,
        lastLine,
        1,
      ),
    );
  }
  return out;
}
