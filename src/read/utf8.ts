// The shape of UTF-8 byte sequences: how long a sequence is from its lead byte, which bytes may
// follow it, and the code point a complete sequence stands for. Shared by decoding and repair.

/** How many bytes a sequence starting with `lead` has (2 to 4), or 0 when it is no lead byte. */
export function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** True for a byte that can continue a sequence (10xxxxxx). */
export function isContinuation(byte: number): boolean {
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * True when `second` may follow `lead`: the narrower ranges after E0, ED, F0 and F4 rule out
 * overlong forms, surrogates and code points above U+10FFFF (RFC 3629 §4).
 */
export function isValidSecond(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return isContinuation(second);
}

/**
 * The length of the valid sequence at `bytes[at]`, or 0 when the bytes there do not form one.
 * ASCII counts as a sequence of length 1.
 */
export function validSequenceAt(bytes: ArrayLike<number>, at: number): number {
  const lead = bytes[at] ?? 0x100;
  if (lead < 0x80) return 1;
  const length = sequenceLength(lead);
  if (length === 0 || at + length > bytes.length) return 0;
  if (!isValidSecond(lead, bytes[at + 1] ?? 0)) return 0;
  for (let k = 2; k < length; k++) if (!isContinuation(bytes[at + k] ?? 0)) return 0;
  return length;
}

/** The code point of a complete, valid sequence, or -1 when `bytes` is not exactly one. */
export function codePointOf(bytes: readonly number[]): number {
  const length = bytes.length;
  if (length === 0 || validSequenceAt(bytes, 0) !== length) return -1;
  const lead = bytes[0] ?? 0;
  if (length === 1) return lead;
  let code = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) code = (code << 6) | ((bytes[k] ?? 0) & 0x3f);
  return code;
}
