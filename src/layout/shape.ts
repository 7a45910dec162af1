// Shaping and measuring: each space-free piece of text is shaped once while in use (glyphs, pair
// kerning, f-ligatures) and drawn from the same result (draw.ts), so a measured width is exactly
// the drawn width. A space is the space glyph's advance: words are never kerned across it.
import { BoundedCache } from '../cache.js';
import { isClusterMark } from './fallback.js';
import { type Face, type FaceId, getFace, glyphOf } from './fonts.js';

/** A shaped piece of text; positions in thousandths of an em, glyph advances in font units. */
export interface ShapedChunk {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/**
 * Pieces per face and generation of the cache: more than the words of the longest guide, so a
 * guide's layout attempts shape each word once; a shaped piece holds a few hundred bytes.
 */
const SHAPES_KEPT = 6000;

/** Per face, the pieces shaped lately. */
const caches = new Map<FaceId, BoundedCache<string, ShapedChunk>>();

function shapeCache(id: FaceId): BoundedCache<string, ShapedChunk> {
  let cache = caches.get(id);
  if (!cache) {
    cache = new BoundedCache(SHAPES_KEPT);
    caches.set(id, cache);
  }
  return cache;
}

// Sequences whose glyphs depend on their neighbours (emoji ZWJ and modifier sequences, flags,
// keycaps, combining marks): these go through fontkit's full shaper, the rest through the
// fast path of cmap + advance + pair kerning, which is what fontkit does for them anyway.
function needsShaper(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp < 0x300) continue;
    if (isClusterMark(cp) || (cp >= 0x1f1e6 && cp <= 0x1f1ff)) return true;
    if (cp > 0xffff) i++;
  }
  return false;
}

// The f-ligatures fontkit's default shaping applies (DejaVu Sans has them; the mono face does
// not): their glyphs are the ones the font maps U+FB00–FB04 to.
const LIGATURES: [string, number][] = [
  ['ffi', 0xfb03],
  ['ffl', 0xfb04],
  ['ff', 0xfb00],
  ['fi', 0xfb01],
  ['fl', 0xfb02],
];

function ligatureAt(face: Face, text: string, i: number): [string, { id: number; advance: number }] | null {
  if (face.id.startsWith('mono') || text.charCodeAt(i) !== 0x66) return null;
  for (const [lig, cp] of LIGATURES) {
    if (text.startsWith(lig, i)) {
      const g = glyphOf(face, cp);
      if (g.id !== 0) return [lig, g];
    }
  }
  return null;
}

function shape(face: Face, text: string): ShapedChunk {
  if (needsShaper(text)) return shapeComplex(face, text);
  const glyphs: ShapedChunk['glyphs'] = [];
  const positions: ShapedChunk['positions'] = [];
  let total = 0;
  let prev = -1;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const lig = ligatureAt(face, text, i);
    const g = lig ? lig[1] : glyphOf(face, cp);
    const codePoints = lig ? Array.from(lig[0], (c) => c.charCodeAt(0)) : [cp];
    i += lig ? lig[0].length : cp > 0xffff ? 2 : 1;
    const advance = g.advance * face.scale;
    if (prev >= 0) {
      const kern = face.kerning.get((prev << 16) | g.id);
      const last = positions[positions.length - 1];
      if (kern && last) {
        last.xAdvance += kern * face.scale;
        total += kern * face.scale;
      }
    }
    glyphs.push({ id: g.id, advanceWidth: g.advance, codePoints });
    positions.push({ xAdvance: advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: advance });
    total += advance;
    prev = g.id;
  }
  return { glyphs, positions, advanceWidth: total };
}

function shapeComplex(face: Face, text: string): ShapedChunk {
  const run = face.font.layout(text);
  const positions = run.positions.map((p, i) => ({
    xAdvance: p.xAdvance * face.scale,
    yAdvance: p.yAdvance * face.scale,
    xOffset: p.xOffset * face.scale,
    yOffset: p.yOffset * face.scale,
    advanceWidth: (run.glyphs[i]?.advanceWidth ?? 0) * face.scale,
  }));
  const glyphs = run.glyphs.map((g) => ({
    id: g.id,
    advanceWidth: g.advanceWidth,
    codePoints: g.codePoints,
  }));
  return { glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
}

/** The shaped piece (no spaces), from the cache or shaped now and remembered. */
export function shapedChunk(id: FaceId, piece: string): ShapedChunk {
  const cache = shapeCache(id);
  let shaped = cache.get(piece);
  if (!shaped) {
    shaped = shape(getFace(id), piece);
    cache.set(piece, shaped);
  }
  return shaped;
}

const spaces = new Map<FaceId, number>();

/** The advance of a space in face `id`, in thousandths of an em. */
export function spaceAdvance(id: FaceId): number {
  let w = spaces.get(id);
  if (w === undefined) {
    const face = getFace(id);
    w = glyphOf(face, 32).advance * face.scale;
    spaces.set(id, w);
  }
  return w;
}

/** Width in points of `text` in face `id` at `size`: its pieces as shaped, its spaces as spaces. */
export function textWidth(id: FaceId, text: string, size: number): number {
  let w = 0;
  let last = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 32) continue;
    if (i > last) w += shapedChunk(id, text.slice(last, i)).advanceWidth;
    if (i < text.length) w += spaceAdvance(id);
    last = i + 1;
  }
  return (w * size) / 1000;
}

/** Width of a space-free piece without remembering it: for trying many cuts of a long word. */
export function probeWidth(id: FaceId, text: string, size: number): number {
  const shaped = shapeCache(id).get(text) ?? shape(getFace(id), text);
  return (shaped.advanceWidth * size) / 1000;
}
