// Reads one run of double-encoded text back through a code page: chooses, by dynamic
// programming, where each UTF-8 sequence starts and which character it was, lost bytes included.
import type { CodePage } from './code-pages.js';
import { candidatesFor } from './lost-bytes.js';
import { attachment, isAcceptable, preference, priorRank, requirement, VS16 } from './prior.js';
import { isContinuation, sequenceLength } from './utf8.js';

/** Cost of a byte guessed as lost: enough that present bytes always explain more. */
const LOST_COST = 0.5;
/**
 * Cost of reading a space as 0xA0, by what follows the space: another byte of the same
 * character, whitespace (the author's own space is still there), another run (a space between
 * two runs is as often the author's), a word (the author's space would be gone).
 */
const SPACE_INSIDE_COST = 0.1;
const SPACE_BEFORE_BLANK_COST = 0.3;
const SPACE_BEFORE_RUN_COST = 0.5;
const SPACE_BEFORE_WORD_COST = 0.8;

const SPACE = 0x20;

/** Repaired characters, as parallel arrays: a file can hold hundreds of thousands. */
export interface Pieces {
  /** Offsets in the text: character k replaces `text.slice(starts[k], ends[k])`. */
  starts: number[];
  ends: number[];
  codes: number[];
  /** Whether one piece at least is evidence on its own that the text went through the code page. */
  strong: boolean;
}

/** Candidates that share a shape (what they consume, what they guess), best first. */
interface Option {
  consumed: number;
  lost: number;
  spaceMask: number;
  /** Characters explained, less the cost of lost bytes. */
  base: number;
  /** Candidates by preference when no U+FE0F follows, and when one does. */
  plain: Scored[];
  vs16: Scored[];
}

interface Scored {
  code: number;
  pref: number;
  /** The attachment bit the character before must offer (0: none), and whether an emoji must follow. */
  needs: number;
  emojiAfter: boolean;
  /** The character's own attachment bits: the state after it. */
  state: number;
}

const NO_OPTIONS: Option[] = [];

/** States of the reading: the attachment bits of its last character (see prior.ts). */
const STATES = 8;

/** Working arrays, reused from run to run so that short runs cost no allocation. */
let scratch = grow(256);

function grow(size: number) {
  const cells = (size + 1) * STATES;
  return {
    bytes: new Uint8Array(size),
    /** best[q * STATES + s]: the best score of the run's first q characters ending in state s. */
    best: new Float64Array(cells),
    /** Back pointers: the cell the best reading came from, and the character it added (-1: as is). */
    from: new Int32Array(cells),
    code: new Int32Array(cells),
    /** live[q]: bit s set when some reading of the first q characters ends in state s. */
    live: new Uint8Array(size + 1),
  };
}

/**
 * The bytes of `text.slice(start, end)` through `cp`, in a shared array that the next call
 * overwrites: indexes from `end - start` on hold stale bytes.
 */
export function runBytes(text: string, start: number, end: number, cp: CodePage): Uint8Array {
  if (scratch.bytes.length < end - start) scratch = grow(Math.max(end - start, scratch.bytes.length * 2));
  cp.encodeRun(text, start, end, scratch.bytes);
  return scratch.bytes;
}

/**
 * Chooses the likeliest reading of the run `text.slice(start, end)` and appends its characters to
 * `out`; returns the reading's score (0 when nothing is read back). Dynamic programming from the
 * run's start: each position either stays as it is or starts a character read back from the
 * bytes. The state is what the last character lets the next attach (a skin tone, a joiner,
 * VS16), so an emoji sequence is read as a whole; whether U+FE0F comes after a character is
 * read from the raw bytes. Linear in the run's length: a bounded number of options per position
 * and state, memoized by the bytes around the position.
 */
export function segmentRun(text: string, start: number, end: number, cp: CodePage, out: Pieces): number {
  const length = end - start;
  const bytes = runBytes(text, start, end, cp);
  const after = text.codePointAt(end) ?? -1;
  if (!holdsOption(cp, bytes, length, text, start, after)) return 0;
  const { best, from, code, live } = scratch;
  best.fill(Number.NEGATIVE_INFINITY, 0, (length + 1) * STATES);
  live.fill(0, 0, length + 1);
  const initial = attachment(codePointBefore(text, start));
  best[initial] = 0;
  live[0] = 1 << initial;

  for (let p = 0; p < length; p++) {
    const options =
      sequenceLength(bytes[p] as number) === 0
        ? NO_OPTIONS
        : optionsAt(cp, bytes, length, p, text, start, after);
    const rawState = attachment(text.charCodeAt(start + p));
    // Only the states some reading reaches: one or two, mostly.
    for (let states = live[p] as number, state = 0; states !== 0; states >>= 1, state++) {
      if (!(states & 1)) continue;
      const source = p * STATES + state;
      const here = best[source] as number;
      // Left as it is.
      const next = (p + 1) * STATES + rawState;
      if (here > (best[next] as number)) {
        best[next] = here;
        from[next] = source;
        code[next] = -1;
        live[p + 1] = (live[p + 1] as number) | (1 << rawState);
      }
      for (const o of options) {
        const to = p + o.consumed;
        const candidates = isVs16At(bytes, length, to, after) ? o.vs16 : o.plain;
        const beforeEmoji = to < length ? sequenceLength(bytes[to] as number) >= 3 : after >= 0x2000;
        let choice: Scored | undefined;
        for (const c of candidates) {
          if ((c.needs === 0 || (state & c.needs) !== 0) && (!c.emojiAfter || beforeEmoji)) {
            choice = c;
            break;
          }
        }
        if (choice === undefined) continue;
        let score = here + o.base + choice.pref;
        for (let k = 1; k < o.consumed; k++) {
          if (!(o.spaceMask & (1 << k))) continue;
          const following = p + k + 1;
          if (following < to) score -= SPACE_INSIDE_COST;
          else if (following < length && bytes[following] !== SPACE) score -= SPACE_BEFORE_RUN_COST;
          else if (isBlank(following < length ? SPACE : after)) score -= SPACE_BEFORE_BLANK_COST;
          else score -= SPACE_BEFORE_WORD_COST;
        }
        const cell = to * STATES + choice.state;
        if (score > (best[cell] as number)) {
          best[cell] = score;
          from[cell] = source;
          code[cell] = choice.code;
          live[to] = (live[to] as number) | (1 << choice.state);
        }
      }
    }
  }

  let cell = length * STATES;
  for (let state = 1; state < STATES; state++) {
    if ((best[length * STATES + state] as number) > (best[cell] as number)) cell = length * STATES + state;
  }
  const total = best[cell] as number;
  // Walk the back pointers from the end, then append in order.
  const chosen: number[] = [];
  for (let c = cell; c >= STATES; c = from[c] as number) if ((code[c] as number) >= 0) chosen.push(c);
  for (let k = chosen.length - 1; k >= 0; k--) {
    const c = chosen[k] as number;
    const q = Math.floor(c / STATES);
    const p = Math.floor((from[c] as number) / STATES);
    out.starts.push(start + p);
    out.ends.push(start + q);
    out.codes.push(code[c] as number);
    out.strong ||= isStrong(bytes, p, q, code[c] as number);
  }
  return total;
}

/**
 * Whether the character read from `bytes[p..q)` is evidence on its own that the text went
 * through the code page: a complete sequence, three real bytes, or two after the leads of
 * punctuation, arrows and emoji (â, ï, ð): what text that never went through one does not hold.
 */
function isStrong(bytes: Uint8Array, p: number, q: number, char: number): boolean {
  const lead = bytes[p] as number;
  let present = 0;
  for (let k = p; k < q; k++) if (bytes[k] !== SPACE) present++;
  const complete = present === q - p && present === utf8Length(char);
  return (
    (complete && present >= 2) ||
    present >= 3 ||
    (present >= 2 && (lead === 0xe2 || lead === 0xef || lead >= 0xf0))
  );
}

function utf8Length(char: number): number {
  return char < 0x80 ? 1 : char < 0x800 ? 2 : char < 0x10000 ? 3 : 4;
}

/** The code point just before `offset`, or -1 at the start. */
function codePointBefore(text: string, offset: number): number {
  if (offset === 0) return -1;
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) return text.codePointAt(offset - 2) ?? low;
  return low;
}

/** Whether U+FE0F starts at run index `t`: as itself after the run, or as its bytes EF B8 8F. */
function isVs16At(bytes: Uint8Array, length: number, t: number, after: number): boolean {
  if (t >= length) return t === length && after === VS16;
  if (bytes[t] !== 0xef || t + 1 >= length || bytes[t + 1] !== 0xb8) return false;
  // The 0x8F is lost in both Windows code pages; a different continuation is another selector.
  return t + 2 >= length || bytes[t + 2] === 0x8f || !isContinuation(bytes[t + 2] as number);
}

function isBlank(code: number): boolean {
  return code === -1 || code === SPACE || code === 0x09 || code === 0x0a;
}

/**
 * Whether some position of the run can start a character at all: most runs of real text (an é
 * before a space, a ’ alone) cannot, and are done with here, before any table is set up.
 */
function holdsOption(
  cp: CodePage,
  bytes: Uint8Array,
  length: number,
  text: string,
  start: number,
  after: number,
) {
  for (let p = 0; p < length; p++) {
    if (sequenceLength(bytes[p] as number) === 0) continue;
    const b = bytes[p + 1] as number;
    const mayGoOn = p + 1 === length || b === SPACE || isContinuation(b);
    if (mayGoOn && optionsAt(cp, bytes, length, p, text, start, after).length > 0) return true;
  }
  return false;
}

/** Options by code page and by the bytes around a lead: the same few shapes recur a lot. */
const memo = new Map<CodePage, Map<number, Option[]>>();
const MEMO_LIMIT = 50_000;

/** The options at run index `p`: every plausible character, grouped by shape. */
function optionsAt(
  cp: CodePage,
  bytes: Uint8Array,
  length: number,
  p: number,
  text: string,
  start: number,
  after: number,
): Option[] {
  // Past the run's end the scratch array holds stale bytes: read 0 there, which ends any sequence.
  const b0 = bytes[p] as number;
  const b1 = p + 1 < length ? (bytes[p + 1] as number) : 0;
  const b2 = p + 2 < length ? (bytes[p + 2] as number) : 0;
  const b3 = p + 3 < length ? (bytes[p + 3] as number) : 0;
  let blanks = 0;
  for (let k = 0; k < 4; k++) {
    const at = p + 1 + k;
    if (isBlank(at < length ? text.charCodeAt(start + at) : at === length ? after : -1)) blanks |= 1 << k;
  }
  const key = (((b0 * 256 + b1) * 256 + b2) * 256 + b3) * 16 + blanks;
  let byKey = memo.get(cp);
  // A long-lived process (a watch) reads many files: keep the memo from growing without end.
  if (byKey === undefined || byKey.size > MEMO_LIMIT) {
    byKey = new Map();
    memo.set(cp, byKey);
  }
  const hit = byKey.get(key);
  if (hit !== undefined) return hit;

  const shapes = new Map<number, Option>();
  for (const c of candidatesFor([b0, b1, b2, b3], (k) => (blanks & (1 << k)) !== 0, cp.lost)) {
    if (!isAcceptable(c.code, c.lost > 0 || c.spaceMask !== 0)) continue;
    // A no-break space whose own A0 vanished into the space after it would leave two spaces:
    // that space was the A0.
    if (c.code === 0xa0 && c.lost > 0) continue;
    const shape = c.consumed * 64 + c.lost * 16 + c.spaceMask;
    let option = shapes.get(shape);
    if (option === undefined) {
      const base = c.consumed - popcount(c.spaceMask) - LOST_COST * c.lost;
      option = { consumed: c.consumed, lost: c.lost, spaceMask: c.spaceMask, base, plain: [], vs16: [] };
      shapes.set(shape, option);
    }
    // Two lost bytes leave too many readings open: only a character the prior knows will do.
    const need = requirement(c.code);
    const scored = {
      code: c.code,
      needs: need.before,
      emojiAfter: need.emojiAfter,
      state: attachment(c.code),
    };
    if (c.lost < 2 || priorRank(c.code, false) !== undefined) {
      option.plain.push({ ...scored, pref: preference(c.code, false) });
    }
    if (c.lost < 2 || priorRank(c.code, true) !== undefined) {
      option.vs16.push({ ...scored, pref: preference(c.code, true) });
    }
  }
  const options = [...shapes.values()];
  for (const o of options) {
    o.plain.sort((a, b) => b.pref - a.pref);
    o.vs16.sort((a, b) => b.pref - a.pref);
  }
  byKey.set(key, options);
  return options;
}

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
