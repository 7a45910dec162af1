// Bytes → text before any repair: BOM, line endings, binary detection, and UTF-8 decoding that
// reads stray bytes as Windows-1252 instead of writing U+FFFD.
import { WINDOWS_1252 } from './code-pages.js';
import { validSequenceAt } from './utf8.js';

export interface Decoded {
  /** The text, BOM removed and line endings normalized to \n; '' when `binary` is set. */
  text: string;
  /** Offsets in `text` of characters decoded from bytes that were not UTF-8, in order. */
  strays: number[];
  /** Why the bytes are not text at all, or null. */
  binary: string | null;
}

/** Above this share of stray or control bytes, the file is not text that went wrong but no text. */
const BINARY_SHARE = 0.3;

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes a guide's bytes; never throws. */
export function decodeBytes(input: Uint8Array): Decoded {
  let bytes = input;
  // UTF-32's little-endian mark starts like UTF-16's: it is looked for first.
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    return { text: '', strays: [], binary: 'is UTF-32 text: save it as UTF-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { text: '', strays: [], binary: 'is UTF-16 text: save it as UTF-8' };
  }
  while (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
  if (bytes.includes(0)) return { text: '', strays: [], binary: 'holds NUL bytes: expected Markdown text' };
  bytes = normalizeLineEndings(bytes);
  try {
    return { text: strict.decode(bytes), strays: [], binary: null };
  } catch {
    // Not valid UTF-8 throughout: decode sequence by sequence below.
  }
  return decodeWithStrays(bytes);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, k) => bytes[k] === b);
}

/** CRLF and lone CR → LF. Safe on bytes: 0x0D never occurs inside a UTF-8 sequence. */
function normalizeLineEndings(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0x0d)) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k] as number;
    if (b === 0x0d) {
      out[n++] = 0x0a;
      if (bytes[k + 1] === 0x0a) k++;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

/** Control bytes that have no business in Markdown (tab, LF, VT, FF and ESC are allowed). */
function isOddControl(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x1b) || b === 0x7f;
}

function decodeWithStrays(bytes: Uint8Array): Decoded {
  const parts: string[] = [];
  const strays: number[] = [];
  let length = 0;
  let odd = 0;
  let goodFrom = 0;
  const flushGood = (to: number): void => {
    if (to > goodFrom) {
      const part = lenient.decode(bytes.subarray(goodFrom, to));
      parts.push(part);
      length += part.length;
    }
  };
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k] as number;
    if (b < 0x80) {
      if (isOddControl(b)) odd++;
      k++;
      continue;
    }
    const n = validSequenceAt(bytes, k);
    if (n > 0) {
      k += n;
      continue;
    }
    flushGood(k);
    strays.push(length);
    parts.push(WINDOWS_1252.charOf(b));
    length += 1;
    odd++;
    k++;
    goodFrom = k;
  }
  flushGood(bytes.length);
  if (odd > bytes.length * BINARY_SHARE) {
    return { text: '', strays: [], binary: 'is mostly bytes that are not UTF-8 text' };
  }
  return { text: parts.join(''), strays, binary: null };
}
