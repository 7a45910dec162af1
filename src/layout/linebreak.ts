// Line breaking: styled spans → lines of positioned runs. Breaks at spaces; a token wider than
// the line (a URL, a path, a 2,000-character word) breaks after / . _ - ? and the like, else
// between characters, never with an added hyphen. Code keeps its spaces and its indentation.
import { fallbackRuns, isClusterMark, type MissingGlyph } from './fallback.js';
import type { FaceId } from './fonts.js';
import { formulaBox, mathLoaded, typeset } from './math.js';
import { probeWidth, spaceAdvance, textWidth } from './shape.js';
import type { InlineBox, Line, Run, Span } from './types.js';

export interface BreakOptions {
  /** Width available to each line, in points. */
  width: number;
  /** Base font size; spans scale it. */
  size: number;
  color: string;
  /** Code: keep runs of spaces and each line's indentation; continuation lines keep it too. */
  preserve?: boolean;
  /** Where the first line starts, relative to the others (negative: a hanging first line). */
  firstOffset?: number;
  /** Extra indent of every line after the first (code: a wrapped line's continuation). */
  continuationIndent?: number;
  missing?: MissingGlyph;
}

interface Piece {
  face: FaceId;
  size: number;
  color: string;
  text: string;
  width: number;
  /** A formula set like a word; its text is empty. */
  box?: InlineBox;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** Spaces after the word (0 at the end of the text). */
  spaces: number;
  /** The face the spaces were set in: the text's own face, never a fallback's (an emoji face's
   * space is as wide as an emoji). */
  spaceFace?: FaceId;
  /** Their width, in `spaceFace` (else the face of the last piece); computed when first needed. */
  spaceWidth?: number;
  /** True when `width` is an estimate (the rest of a long word): measured before it is placed. */
  estimated?: boolean;
}

const EPS = 0.001;
const SPACES = /( +)/;
const SAFE_AFTER = new Set('/\\.-_?&=#:,;@|)]}>+'.split(''));

function toWords(spans: Span[], opts: BreakOptions): { words: Word[]; indent: number } {
  const words: Word[] = [];
  let cur: Word = { pieces: [], width: 0, spaces: 0 };
  let indent = 0;
  let atStart = true;
  const addSpaces = (n: number, face: FaceId, size: number) => {
    if (atStart && opts.preserve) indent += textWidth(face, ' '.repeat(n), size);
    else if (cur.pieces.length > 0) {
      cur.spaces += n;
      cur.spaceFace = face;
      words.push(cur);
      cur = { pieces: [], width: 0, spaces: 0 };
    } else {
      const prev = words[words.length - 1];
      if (prev && opts.preserve) prev.spaces += n;
    }
  };
  const addPiece = (face: FaceId, size: number, color: string, text: string) => {
    atStart = false;
    const last = cur.pieces[cur.pieces.length - 1];
    if (last && !last.box && last.face === face && last.size === size && last.color === color) {
      // Same look as the piece before: one piece, measured whole, as pdfkit will draw it.
      cur.width -= last.width;
      last.text += text;
      last.width = textWidth(face, last.text, size);
      cur.width += last.width;
      return;
    }
    const width = textWidth(face, text, size);
    cur.pieces.push({ face, size, color, text, width });
    cur.width += width;
  };
  for (const span of spans) {
    const style = span.style ?? {};
    const size = opts.size * (style.scale ?? 1);
    const color = style.color ?? opts.color;
    if (span.math !== undefined && mathLoaded()) {
      const set = typeset(span.math, false);
      if (set.ok) {
        atStart = false;
        const box = formulaBox(set.formula, size, opts.width);
        cur.pieces.push({ face: 'sans', size, color, text: '', width: box.width, box });
        cur.width += box.width;
        continue;
      }
      opts.missing?.math?.(span.math, set.error);
    }
    const text = span.text.replace(/[\t\n\r]/g, ' ');
    for (const run of fallbackRuns(text, style, opts.missing)) {
      for (const part of run.text.split(SPACES)) {
        if (!part) continue;
        if (part.charCodeAt(0) === 32) addSpaces(opts.preserve ? part.length : 1, run.face, size);
        else addPiece(run.face, size, color, part);
      }
    }
  }
  if (cur.pieces.length > 0) words.push(cur);
  // Code indented deeper than half the line keeps half: its text must still fit beside it.
  return { words, indent: Math.min(indent, Math.max(0, opts.width / 2)) };
}

/** Width of the spaces after a word, in the face they were set in. */
function spaceWidth(word: Word): number {
  if (word.spaceWidth !== undefined) return word.spaceWidth;
  const p = word.pieces[word.pieces.length - 1];
  const face = word.spaceFace ?? p?.face;
  word.spaceWidth = p && face && word.spaces > 0 ? (word.spaces * spaceAdvance(face) * p.size) / 1000 : 0;
  return word.spaceWidth;
}

/**
 * Offsets inside `text`, up to `limit`, where a cut keeps clusters whole; `safe` keeps only the
 * typographic ones.
 */
function cutPoints(text: string, safe: boolean, limit = text.length): number[] {
  const cuts: number[] = [];
  let i = 0;
  for (const ch of text) {
    const next = i + ch.length;
    if (next > limit) break;
    const after = text.slice(next, next + 2);
    if (next < text.length && !isClusterMark(text.codePointAt(next) ?? 0)) {
      const lowerUpper = /[a-z]/.test(ch) && /^[A-Z]/.test(after);
      if (!safe || (SAFE_AFTER.has(ch) && !SAFE_AFTER.has(after[0] ?? '')) || lowerUpper) cuts.push(next);
    }
    i = next;
  }
  return cuts;
}

/**
 * Splits a word at the largest cut whose head fits `room`; null when none does. Only the part of
 * the word that could fit is looked at, so cutting a word of n characters into lines costs about
 * n, not n squared.
 */
function splitWord(word: Word, room: number, safe: boolean): [Word, Word] | null {
  const text = word.pieces.map((p) => p.text).join('');
  const headWidth = (cut: number): number => {
    let w = 0;
    let at = 0;
    for (const p of word.pieces) {
      if (at + p.text.length <= cut) w += p.width;
      else {
        if (cut > at) w += probeWidth(p.face, p.text.slice(0, cut - at), p.size);
        break;
      }
      at += p.text.length;
    }
    return w;
  };
  // A prefix too wide for `room`, found by doubling: no cut beyond it can fit.
  let reach = 64;
  while (reach < text.length && headWidth(reach) <= room + EPS) reach *= 2;
  const cuts = cutPoints(text, safe, Math.min(reach, text.length));
  let lo = 0;
  let hi = cuts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (headWidth(cuts[mid] ?? 0) <= room + EPS) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return null;
  const cut = cuts[best] ?? 0;
  const head: Piece[] = [];
  const tail: Piece[] = [];
  let estimated = word.estimated ?? false;
  let at = 0;
  for (const p of word.pieces) {
    if (at + p.text.length <= cut) head.push(p);
    else if (at >= cut) tail.push(p);
    else {
      const a = p.text.slice(0, cut - at);
      const b = p.text.slice(cut - at);
      head.push({ ...p, text: a, width: textWidth(p.face, a, p.size) });
      // The rest may be cut again: measured, not remembered (a long word would fill the cache).
      // Far longer than what fitted, it is cut again for sure: its width is only estimated
      // (the piece's less the head's), measured once it is short enough to be placed whole.
      const estimate = b.length > 4 * reach ? p.width - (head[head.length - 1]?.width ?? 0) : null;
      tail.push({ ...p, text: b, width: estimate ?? probeWidth(p.face, b, p.size) });
      if (estimate !== null) estimated = true;
    }
    at += p.text.length;
  }
  const sum = (ps: Piece[]) => ps.reduce((s, p) => s + p.width, 0);
  return [
    { pieces: head, width: sum(head), spaces: 0 },
    { pieces: tail, width: sum(tail), spaces: word.spaces, estimated },
  ];
}

/** Lays spans into lines no wider than `opts.width`. Run x positions are relative to the line. */
export function breakLines(spans: Span[], opts: BreakOptions): Line[] {
  const { words, indent } = toWords(spans, opts);
  const lines: Line[] = [];
  let line: Word[] = [];
  let used = 0;
  const start = () =>
    lines.length === 0 ? (opts.firstOffset ?? 0) + indent : indent + (opts.continuationIndent ?? 0);
  const avail = () => opts.width - start();
  const flush = () => {
    lines.push(compose(line, start()));
    line = [];
    used = 0;
  };
  const append = (w: Word) => {
    const last = line[line.length - 1];
    if (last) used += spaceWidth(last);
    line.push(w);
    used += w.width;
  };
  const pending = words.slice().reverse();
  while (pending.length > 0) {
    const word = pending.pop() as Word;
    if (word.estimated && word.width <= 2 * avail()) {
      for (const p of word.pieces) p.width = probeWidth(p.face, p.text, p.size);
      word.width = word.pieces.reduce((sum, p) => sum + p.width, 0);
      word.estimated = false;
    }
    const last = line[line.length - 1];
    const gap = last ? spaceWidth(last) : 0;
    const room = avail() - used - gap;
    if (word.width <= room + EPS) {
      append(word);
      continue;
    }
    const tooWide = word.width > avail() + EPS;
    if (line.length > 0) {
      // A token that must be cut anyway, or a long one facing a wide gap, fills this line first.
      if (tooWide || (word.width > avail() * 0.6 && room > avail() * 0.35)) {
        const parts = splitWord(word, room, true);
        if (parts && parts[0].width > avail() * 0.15) {
          append(parts[0]);
          flush();
          pending.push(parts[1]);
          continue;
        }
      }
      flush();
      pending.push(word);
      continue;
    }
    // Alone on its line and still too wide: cut at a safe point, else between any two characters.
    const parts = splitWord(word, avail(), true) ?? splitWord(word, avail(), false);
    if (!parts) {
      append(word);
      flush();
      continue;
    }
    append(parts[0]);
    flush();
    pending.push(parts[1]);
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Merges the pieces of a line into runs (one per face, size and colour) at exact positions. */
function compose(words: Word[], x0: number): Line {
  const runs: Run[] = [];
  let x = x0;
  let open: Run | null = null;
  words.forEach((word, wi) => {
    const spaced = wi < words.length - 1 && word.spaces > 0;
    word.pieces.forEach((p, pi) => {
      const trailing = spaced && pi === word.pieces.length - 1;
      const text = trailing ? p.text + ' '.repeat(word.spaces) : p.text;
      const width = trailing ? p.width + spaceWidth(word) : p.width;
      if (p.box) {
        runs.push({
          face: p.face,
          size: p.size,
          color: p.color,
          text: '',
          x,
          width: p.box.width,
          box: p.box,
        });
        open = null;
        // Spaces after a formula go into a run of their own: text extraction keeps the gap.
        if (trailing) {
          runs.push({
            face: p.face,
            size: p.size,
            color: p.color,
            text: ' '.repeat(word.spaces),
            x: x + p.box.width,
            width: spaceWidth(word),
          });
        }
      } else if (open && open.face === p.face && open.size === p.size && open.color === p.color) {
        open.text += text;
        open.width += width;
      } else {
        open = { face: p.face, size: p.size, color: p.color, text, x, width };
        runs.push(open);
      }
      x += width;
    });
  });
  const last = words[words.length - 1];
  return { runs, width: last ? x : x0 };
}
