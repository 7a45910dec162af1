// Repairs double-encoded text: UTF-8 that was read through a single-byte code page and saved as
// UTF-8 again (’ → â€™). Finds the runs, reads each back through the code page, one run at a time.
import { CODE_PAGES, type CodePage } from './code-pages.js';
import { type Pieces, runBytes, segmentRun } from './segment.js';
import { isContinuation, isValidSecond, sequenceLength } from './utf8.js';

/** A stretch of text replaced by the characters it was meant to be. */
export interface Repair {
  /** Offsets in the input text: the mojibake is `text.slice(start, end)`. */
  start: number;
  end: number;
  /** What the author wrote. */
  replacement: string;
}

export interface MojibakeResult {
  text: string;
  /** The code page the text was read through, or null when nothing was repaired. */
  codePage: CodePage | null;
  /** Repaired runs, in order; repaired characters that touch form one run. */
  repaired: Repair[];
  /** Offsets of runs that look double-encoded but that no character fits; left as they are. */
  unrepaired: number[];
}

const SPACE = 0x20;

/**
 * How much more a code page later in CODE_PAGES must explain to win over an earlier one: a
 * near tie is one ambiguous character read two ways, and the commoner code page is the better bet.
 */
const CODE_PAGE_MARGIN = 0.25;

interface Analysis extends Pieces {
  codePage: CodePage;
  score: number;
}

/**
 * Finds and repairs double-encoded runs; text that is not double-encoded is left alone. Every
 * code page reads every run back; the one whose readings explain the most wins, provided one of
 * its readings at least is strong evidence, so clean text with a stray "Ã " stays as it is.
 * One code page for the whole text: a file went through one program, once.
 */
export function repairMojibake(text: string, strays: readonly number[] = []): MojibakeResult {
  if (!/[^\0-\x7f]/.test(text)) return { text, codePage: null, repaired: [], unrepaired: [] };
  // Characters decoded from bytes that were not UTF-8 are the file's own bytes, not mojibake.
  const excluded = new Uint8Array(strays.length > 0 ? text.length : 0);
  for (const offset of strays) excluded[offset] = 1;
  const scan: Scan = { text, excluded };
  const analyses = CODE_PAGES.map((cp) => analyse(scan, cp));
  let chosen: Analysis | null = null;
  for (const a of analyses) {
    if (a.strong && (chosen === null || a.score > chosen.score + CODE_PAGE_MARGIN)) chosen = a;
  }
  const basis = chosen ?? analyses.reduce((a, b) => (b.score > a.score ? b : a));
  if (chosen === null) {
    return { text, codePage: null, repaired: [], unrepaired: findUnrepaired(scan, basis.codePage, []) };
  }
  const out: string[] = [];
  const repaired: Repair[] = [];
  let from = 0;
  for (let k = 0; k < chosen.starts.length; k++) {
    const start = chosen.starts[k] as number;
    const end = chosen.ends[k] as number;
    const char = String.fromCodePoint(chosen.codes[k] as number);
    out.push(text.slice(from, start), char);
    from = end;
    // Characters that touch form one run: `â”€â”€` is one run of two characters.
    const last = repaired[repaired.length - 1];
    if (last !== undefined && last.end === start) {
      last.end = end;
      last.replacement += char;
    } else {
      repaired.push({ start, end, replacement: char });
    }
  }
  out.push(text.slice(from));
  return {
    text: out.join(''),
    codePage: chosen.codePage,
    repaired,
    unrepaired: findUnrepaired(scan, chosen.codePage, repaired),
  };
}

interface Scan {
  text: string;
  /** 1 at the offsets of characters that runs must not hold; empty when there are none. */
  excluded: Uint8Array;
}

/** True for the character at `k` when it is a high byte in `cp`: the stuff runs are made of. */
function isHigh(scan: Scan, cp: CodePage, k: number): boolean {
  const code = scan.text.charCodeAt(k);
  return code >= 0x80 && cp.byteOf(code) >= 0x80 && scan.excluded[k] !== 1;
}

/**
 * Calls `visit` for each run of `cp`'s high characters and the spaces between and after them:
 * a run starts at a high character, since no UTF-8 sequence starts with 0xA0.
 */
function forEachRun(scan: Scan, cp: CodePage, visit: (start: number, end: number) => void): void {
  const { text } = scan;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!isHigh(scan, cp, i)) continue;
    let j = i + 1;
    while (j < n && (text.charCodeAt(j) === SPACE || isHigh(scan, cp, j))) j++;
    visit(i, j);
    i = j - 1;
  }
}

function analyse(scan: Scan, cp: CodePage): Analysis {
  const a: Analysis = { codePage: cp, score: 0, starts: [], ends: [], codes: [], strong: false };
  forEachRun(scan, cp, (start, end) => {
    a.score += segmentRun(scan.text, start, end, cp, a);
  });
  return a;
}

/**
 * Runs still holding what only double encoding makes: the first two bytes of General
 * Punctuation to Dingbats (â€, â†, â”, âœ), of the selectors and the BOM (ï¸, ï»), of the emoji
 * plane (ðŸ), or a lead byte with two continuations. Letters with an accent next to each other
 * (the ół of Polish) are not enough.
 */
function findUnrepaired(scan: Scan, cp: CodePage, repaired: Repair[]): number[] {
  const { text } = scan;
  const out: number[] = [];
  let r = 0;
  let covered = new Uint8Array(256);
  forEachRun(scan, cp, (start, end) => {
    const length = end - start;
    if (covered.length < length) covered = new Uint8Array(Math.max(length, covered.length * 2));
    covered.fill(0, 0, length);
    while (r < repaired.length && (repaired[r] as Repair).end <= start) r++;
    for (let q = r; q < repaired.length && (repaired[q] as Repair).start < end; q++) {
      const x = repaired[q] as Repair;
      covered.fill(1, Math.max(x.start, start) - start, Math.min(x.end, end) - start);
    }
    const b = runBytes(text, start, end, cp);
    for (let k = 0; k + 1 < length; k++) {
      const lead = b[k] as number;
      if (sequenceLength(lead) === 0 || !isValidSecond(lead, b[k + 1] as number)) continue;
      if (covered[k] === 1 || covered[k + 1] === 1) continue;
      const second = b[k + 1] as number;
      const typical =
        (lead === 0xe2 && second <= 0x9f) ||
        (lead === 0xef && (second === 0xb8 || second === 0xbb)) ||
        (lead === 0xf0 && second === 0x9f);
      const third = k + 2 < length && isContinuation(b[k + 2] as number) && covered[k + 2] === 0;
      if (typical || third) {
        out.push(start + k);
        return;
      }
    }
  });
  return out;
}
