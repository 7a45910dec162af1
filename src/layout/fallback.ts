// Font fallback: splits text into runs by which face has the glyph, so arrows, box drawing,
// emoji and CJK all print, and reports characters that no face covers instead of drawing boxes.
import { type FaceId, hasGlyph } from './fonts.js';

export interface FontStyle {
  mono?: boolean;
  bold?: boolean;
  italic?: boolean;
}

export interface FaceRun {
  face: FaceId;
  text: string;
}

/**
 * Called once per character that no face can print; the character is left out. `math`, when
 * given, hears of each formula that cannot be typeset (it is then printed as code).
 */
export type MissingGlyph = ((cp: number) => void) & { math?: (tex: string, error: string) => void };

export function primaryFace(style: FontStyle): FaceId {
  if (style.mono) return style.bold ? 'mono-bold' : 'mono';
  if (style.bold) return style.italic ? 'sans-bold-oblique' : 'sans-bold';
  return style.italic ? 'sans-oblique' : 'sans';
}

const CHAINS = new Map<FaceId, FaceId[]>([
  ['sans', ['sans', 'emoji', 'cjk']],
  ['sans-bold', ['sans-bold', 'sans', 'emoji', 'cjk-bold']],
  ['sans-oblique', ['sans-oblique', 'sans', 'emoji', 'cjk']],
  ['sans-bold-oblique', ['sans-bold-oblique', 'sans-bold', 'sans', 'emoji', 'cjk-bold']],
  ['mono', ['mono', 'sans', 'emoji', 'cjk']],
  ['mono-bold', ['mono-bold', 'mono', 'sans-bold', 'sans', 'emoji', 'cjk-bold']],
]);

// Printable ASCII: every DejaVu face has all of it, so such text is one run without a lookup.
const ASCII = /^[\x20-\x7e]*$/;
const NON_ASCII = /[^\x20-\x7e]/g;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const VS16 = 0xfe0f;
const VS15 = 0xfe0e;
const ZWJ = 0x200d;

// Characters that are formatting, not ink: dropped quietly when the chosen face lacks them.
function isInvisible(cp: number): boolean {
  return (
    cp === VS15 ||
    cp === VS16 ||
    cp === ZWJ ||
    cp === 0x200b ||
    cp === 0x200c ||
    cp === 0x2060 ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    (cp >= 0xe0020 && cp <= 0xe007f)
  );
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

const MARK = /^\p{M}$/u;

/** A code point that modifies the one before it: variation selectors, joiners, skin tones, marks. */
export function isClusterMark(cp: number): boolean {
  return (
    cp === VS16 ||
    cp === VS15 ||
    cp === ZWJ ||
    cp === 0x20e3 ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x80 && MARK.test(String.fromCodePoint(cp)))
  );
}

// Marks a cluster (emoji sequence, combining accents) so it stays in one face.
function extendsCluster(cp: number, prev: number): boolean {
  return isClusterMark(cp) || (prev === ZWJ && EXTENDED_PICTOGRAPHIC.test(String.fromCodePoint(cp)));
}

function chooseFace(cluster: number[], chain: FaceId[]): FaceId | null {
  const base = cluster[0] ?? 0;
  const wantsEmoji = cluster.includes(VS16) || EMOJI_PRESENTATION.test(String.fromCodePoint(base));
  if (wantsEmoji && cluster.includes(VS15) === false && hasGlyph('emoji', base)) return 'emoji';
  for (const face of chain) {
    // The CJK face is last: checking it loads it, which only a character nothing else has may do.
    if (hasGlyph(face, base)) return face;
  }
  return null;
}

/** The face of a lone code point, per primary face: most text repeats the same few symbols. */
const lone = new Map<FaceId, Map<number, FaceId | null>>();

function loneFace(cp: number, primary: FaceId, chain: FaceId[]): FaceId | null {
  let faces = lone.get(primary);
  if (!faces) {
    faces = new Map();
    lone.set(primary, faces);
  }
  let face = faces.get(cp);
  if (face === undefined) {
    face = chooseFace([cp], chain);
    faces.set(cp, face);
  }
  return face;
}

/**
 * Splits `text` into runs of one face each, for the given style. Control characters are dropped,
 * invisible formatting characters are kept only where the face has them, and a character no face
 * has is reported through `missing` and left out.
 */
export function fallbackRuns(text: string, style: FontStyle, missing?: MissingGlyph): FaceRun[] {
  const primary = primaryFace(style);
  if (ASCII.test(text)) return text ? [{ face: primary, text }] : [];
  const chain = CHAINS.get(primary) ?? [primary];
  const runs: FaceRun[] = [];
  let face: FaceId | null = null;
  let run = '';
  const push = (f: FaceId, s: string) => {
    if (!s) return;
    if (f === face) run += s;
    else {
      if (face && run) runs.push({ face, text: run });
      face = f;
      run = s;
    }
  };
  let i = 0;
  while (i < text.length) {
    // A stretch of printable ASCII goes to the primary face whole; its last character stays
    // behind when a combining mark or selector follows it.
    NON_ASCII.lastIndex = i;
    let stop = NON_ASCII.exec(text)?.index ?? text.length;
    if (stop < text.length && stop > i && isClusterMark(text.codePointAt(stop) ?? 0)) stop--;
    if (stop > i) {
      push(primary, text.slice(i, stop));
      i = stop;
      continue;
    }
    const base = text.codePointAt(i) ?? 0;
    let end = i + (base > 0xffff ? 2 : 1);
    if (isClusterMark(base) || isInvisible(base) || isControl(base)) {
      // A joiner or selector with nothing before it to modify: formatting, never ink.
      if (!isInvisible(base) && !isControl(base)) {
        const f = loneFace(base, primary, chain);
        if (f) push(f, String.fromCodePoint(base));
        else missing?.(base);
      }
      i = end;
      continue;
    }
    const cluster = [base];
    let prev = base;
    while (end < text.length) {
      const cp = text.codePointAt(end) ?? 0;
      if (!extendsCluster(cp, prev)) break;
      cluster.push(cp);
      prev = cp;
      end += cp > 0xffff ? 2 : 1;
    }
    i = end;
    const f = cluster.length === 1 ? loneFace(base, primary, chain) : chooseFace(cluster, chain);
    if (!f) {
      missing?.(base);
      continue;
    }
    let s = '';
    for (const cp of cluster) {
      // Variation selectors and joiners only mean something to the emoji face; elsewhere they
      // would at best print nothing and at worst a box.
      if (isInvisible(cp) && cp !== base && f !== 'emoji') continue;
      if (cp === base || hasGlyph(f, cp)) s += String.fromCodePoint(cp);
      else if (!isInvisible(cp)) {
        // A combining mark the base's face lacks: printed from wherever it can be.
        push(f, s);
        s = '';
        const other = chooseFace([cp], chain);
        if (other) push(other, String.fromCodePoint(cp));
        else missing?.(cp);
      }
    }
    push(f, s);
  }
  if (face && run) runs.push({ face, text: run });
  return runs;
}

/** `U+2192` for a code point, as diagnostics name characters. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
