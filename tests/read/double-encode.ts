// Builds double-encoded samples the way a program makes them: UTF-8 bytes read through a code
// page, the bytes it has no character for dropped, the result saved as UTF-8 again.
import iconv from 'iconv-lite';

export interface DoubleEncodeOptions {
  /** What became of 0xA0 (no-break space): a plain space (the usual), nothing, or kept. */
  nbsp?: 'space' | 'vanish' | 'keep';
  /** Undefined bytes dropped (the usual) or kept as the C1 control of the same value. */
  undefinedBytes?: 'drop' | 'keep';
}

/** The UTF-8 bytes of `text` after one trip through `codePage` (an iconv-lite name). */
export function doubleEncode(text: string, codePage: string, options: DoubleEncodeOptions = {}): Uint8Array {
  const { nbsp = 'space', undefinedBytes = 'drop' } = options;
  const bytes = Buffer.from(text, 'utf8');
  // A single-byte code page: character k of the misreading is byte k.
  const misread = iconv.decode(bytes, codePage);
  let out = '';
  for (let k = 0; k < bytes.length; k++) {
    const char = misread.charAt(k);
    if (char === '\uFFFD') out += undefinedBytes === 'keep' ? String.fromCharCode(bytes[k] as number) : '';
    else if (char === '\u00A0') out += nbsp === 'space' ? ' ' : nbsp === 'vanish' ? '' : char;
    else out += char;
  }
  return new Uint8Array(Buffer.from(out, 'utf8'));
}

/** The UTF-8 bytes of a string: a guide that needs no repair. */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** What a sample shows in an editor. */
export function shown(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
