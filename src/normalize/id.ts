// Stable entry ids: `sp-` + base32 of a hash of the project slug and the normalized question,
// so ids survive rebuilds, answer edits and reordering.
import { createHash } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, no padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The question reduced to what identifies it: case, quotes, punctuation and spacing ignored. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, '')
    .trim();
}

/** `sp-` + 13 base32 characters (65 bits) of SHA-256 over the given parts. */
export function entryId(...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  return `sp-${base32(hash).slice(0, 13)}`;
}
