// The single-byte code pages that UTF-8 is most often mis-read through, as iconv-lite defines
// them: which character each high byte became, and which bytes had no character and were lost.
// The tables are built once from iconv-lite, so reading a run back is a lookup per character.
import iconv from 'iconv-lite';

export interface CodePage {
  /** iconv-lite's name for the code page. */
  name: string;
  /** The name people know, for messages. */
  label: string;
  /** The bytes 0x80–0xFF the code page has no character for: dropped when the text was saved. */
  lost: readonly number[];
  /** The byte (0x80–0xFF) a character stands for in this code page, or -1. */
  byteOf(code: number): number;
  /** The character a high byte stands for; an undefined byte as the C1 control of its value. */
  charOf(byte: number): string;
  /**
   * Writes the bytes of `text.slice(start, end)`, a run of this code page's characters and
   * spaces, into `out`: the run read back through the code page.
   */
  encodeRun(text: string, start: number, end: number, out: Uint8Array): void;
}

/** Large enough for every character of the code pages below (™ is U+2122). */
const TABLE_SIZE = 0x2200;

function codePage(name: string, label: string): CodePage {
  const high = Uint8Array.from({ length: 0x80 }, (_, k) => 0x80 + k);
  const decoded = iconv.decode(Buffer.from(high), name);
  const table = new Int16Array(TABLE_SIZE).fill(-1);
  const lost: number[] = [];
  const chars: string[] = [];
  for (let k = 0; k < 0x80; k++) {
    const code = decoded.charCodeAt(k);
    if (code === 0xfffd) {
      lost.push(0x80 + k);
      // Some tools keep an undefined byte as the C1 control of the same value (WHATWG's
      // windows-1252 does): read such a control as that byte too.
      table[0x80 + k] = 0x80 + k;
      chars.push(String.fromCharCode(0x80 + k));
    } else {
      if (code < TABLE_SIZE) table[code] = 0x80 + k;
      chars.push(decoded.charAt(k));
    }
  }
  return {
    name,
    label,
    lost,
    byteOf: (code) => (code < TABLE_SIZE ? (table[code] ?? -1) : -1),
    charOf: (byte) => chars[byte - 0x80] ?? String.fromCharCode(byte),
    encodeRun(text, start, end, out) {
      for (let k = start; k < end; k++) {
        const code = text.charCodeAt(k);
        out[k - start] = code === 0x20 ? 0x20 : (table[code] ?? 0x3f);
      }
    },
  };
}

/** The code pages tried, in the order that breaks ties: the most common mis-reading first. */
export const CODE_PAGES: readonly CodePage[] = [
  codePage('cp1252', 'Windows-1252'),
  codePage('cp1254', 'Windows-1254'),
  codePage('cp1250', 'Windows-1250'),
  codePage('latin1', 'ISO-8859-1'),
];

/** Windows-1252, which also decodes stray bytes that are not UTF-8. */
export const WINDOWS_1252: CodePage = CODE_PAGES[0] as CodePage;
