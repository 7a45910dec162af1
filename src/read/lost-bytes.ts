// The characters a UTF-8 sequence may have been, read back from a code page's bytes when some of
// its bytes were lost: undefined in the code page and dropped, or a no-break space (0xA0) that
// became a plain space or vanished into the whitespace next to it.
import { codePointOf, isContinuation, sequenceLength } from './utf8.js';

const NBSP = 0xa0;
const SPACE = 0x20;

/** One way to read the bytes at a lead byte as a character. */
export interface Candidate {
  /** The character. */
  code: number;
  /** How many characters it replaces, the lead included. */
  consumed: number;
  /** How many bytes were guessed as lost (dropped, or a vanished no-break space). */
  lost: number;
  /** Bit k set: the character k after the lead is a space read as 0xA0. */
  spaceMask: number;
}

/** Every way to choose `lost` of `slots` positions (0 to 2 of at most 3), in ascending order. */
function slotChoices(slots: number, lost: number): number[][] {
  if (lost === 0) return [[]];
  const out: number[][] = [];
  for (let a = 0; a < slots; a++) {
    if (lost === 1) out.push([a]);
    else for (let b = a + 1; b < slots; b++) out.push([a, b]);
  }
  return out;
}

/**
 * Every character the sequence led by `window[0]` can decode to, with up to one lost byte (two
 * in a four-byte sequence). `window` holds the lead and the up to three bytes after it (-1 past
 * the run); `blankAfter(k)` says whether whitespace or a line end follows the lead's k-th
 * successor, where a no-break space could have vanished. `lostBytes` are the code page's
 * undefined bytes. Candidates are listed, not judged: which are plausible is the caller's call.
 */
export function candidatesFor(
  window: readonly number[],
  blankAfter: (k: number) => boolean,
  lostBytes: readonly number[],
): Candidate[] {
  const lead = window[0] ?? -1;
  const length = sequenceLength(lead);
  if (length === 0) return [];
  const slots = length - 1;
  const out: Candidate[] = [];
  for (let lost = 0; lost <= (length === 4 ? 2 : 1); lost++) {
    const present = slots - lost;
    const tail: number[] = [];
    let spaceMask = 0;
    for (let k = 1; k <= present; k++) {
      const b = window[k] ?? -1;
      if (b === SPACE) {
        tail.push(NBSP);
        spaceMask |= 1 << k;
      } else if (isContinuation(b)) {
        tail.push(b);
      } else {
        break;
      }
    }
    if (tail.length < present) continue;
    const vanish = blankAfter(present);
    for (const positions of slotChoices(slots, lost)) {
      // The no-break space can only have vanished at the end, into the whitespace after it.
      const lastLost = positions[positions.length - 1] === slots - 1;
      for (const fill of fills(positions.length, lostBytes, vanish && lastLost)) {
        // A present byte besides the lead is needed, unless the missing one is a vanished NBSP.
        if (present === 0 && fill[fill.length - 1] !== NBSP) continue;
        const seq = [lead];
        for (let slot = 0, t = 0, f = 0; slot < slots; slot++) {
          seq.push(positions.includes(slot) ? (fill[f++] as number) : (tail[t++] as number));
        }
        const code = codePointOf(seq);
        if (code >= 0) out.push({ code, consumed: 1 + present, lost, spaceMask });
      }
    }
  }
  return out;
}

/** The byte values `count` lost positions may take; 0xA0 too in the last one when `nbspLast`. */
function fills(count: number, lostBytes: readonly number[], nbspLast: boolean): number[][] {
  let acc: number[][] = [[]];
  for (let k = 0; k < count; k++) {
    const values = nbspLast && k === count - 1 ? [...lostBytes, NBSP] : lostBytes;
    acc = acc.flatMap((prefix) => values.map((v) => [...prefix, v]));
  }
  return acc;
}
