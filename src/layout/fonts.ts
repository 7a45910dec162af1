// The TrueType faces the PDFs print with, loaded lazily once per process, and their glyph
// coverage. The CJK face (~10 MB) is read only when a text has a character nothing else covers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

export type FaceId =
  | 'sans'
  | 'sans-bold'
  | 'sans-oblique'
  | 'sans-bold-oblique'
  | 'mono'
  | 'mono-bold'
  | 'emoji'
  | 'cjk'
  | 'cjk-bold';

const FILES: Record<FaceId, string> = {
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  'sans-oblique': 'dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf',
  'sans-bold-oblique': 'dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  'mono-bold': 'dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf',
  emoji: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
  cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  // Questions are bold: in Chinese and Japanese too.
  'cjk-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** A loaded face. Widths are in thousandths of an em, the unit pdfkit works in. */
export interface Face {
  id: FaceId;
  /** The font file, handed to pdfkit, which embeds only the glyphs used. */
  bytes: Buffer;
  font: Fontkit.Font;
  /** Font units to thousandths of an em. */
  scale: number;
  ascent: number;
  descent: number;
  /** Glyph id and advance (font units) per code point; gid 0 means no glyph. */
  glyphs: Map<number, { id: number; advance: number }>;
  /** Pair kerning from the `kern` table: (left gid << 16 | right gid) → font units. */
  kerning: Map<number, number>;
}

const require = createRequire(import.meta.url);
// The CommonJS build, the one pdfkit loads: one copy of fontkit in the process, not two.
const fontkit = require('fontkit') as typeof Fontkit;
const faces = new Map<FaceId, Face>();

/** The path of a face's font file inside node_modules. */
export function faceFile(id: FaceId): string {
  return require.resolve(FILES[id]);
}

/** Whether a face has been loaded in this process (tests check that CJK stays unloaded). */
export function isFaceLoaded(id: FaceId): boolean {
  return faces.has(id);
}

export function getFace(id: FaceId): Face {
  let face = faces.get(id);
  if (face) return face;
  const bytes = readFileSync(faceFile(id));
  const font = fontkit.create(bytes);
  presetPost(font, bytes);
  decodeOutlinesOnce(font);
  const scale = 1000 / font.unitsPerEm;
  face = {
    id,
    bytes,
    font,
    scale,
    ascent: font.ascent * scale,
    descent: font.descent * scale,
    glyphs: new Map(),
    kerning: readKerning(font, bytes),
  };
  faces.set(id, face);
  return face;
}

interface FontInternals {
  directory?: { tables?: Record<string, { offset: number; length: number }> };
  _tables?: Record<string, unknown>;
}

/**
 * pdfkit reads two fields of the `post` table (fixed pitch, italic angle) when it embeds a font,
 * and fontkit would decode the whole table for them, thousands of glyph names included: the
 * header is read here instead, straight from the file.
 */
function presetPost(font: Fontkit.Font, bytes: Buffer): void {
  const internals = font as unknown as FontInternals;
  const entry = internals.directory?.tables?.post;
  if (!entry || !internals._tables || entry.length < 16) return;
  const at = entry.offset;
  internals._tables.post = {
    version: bytes.readInt32BE(at) / 65536,
    italicAngle: bytes.readInt32BE(at + 4) / 65536,
    underlinePosition: bytes.readInt16BE(at + 8),
    underlineThickness: bytes.readInt16BE(at + 10),
    isFixedPitch: bytes.readUInt32BE(at + 12),
  };
}

/** Pair kerning from the `kern` table's format-0 subtables, read from the file directly. */
interface GlyphInternals {
  _decode?: () => unknown;
}

/**
 * fontkit's subsetter decodes a glyph's whole outline, in every document, only to see whether it
 * is composite. An outline never changes, so each glyph of these shared fonts is decoded once.
 */
function decodeOutlinesOnce(font: Fontkit.Font): void {
  const internals = font as unknown as { getGlyph?: (id: number, codePoints?: number[]) => GlyphInternals };
  const getGlyph = internals.getGlyph?.bind(font);
  if (!getGlyph) return;
  const done = new WeakSet<GlyphInternals>();
  internals.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    const decode = glyph._decode?.bind(glyph);
    if (decode && !done.has(glyph)) {
      done.add(glyph);
      let outline: { value: unknown } | undefined;
      glyph._decode = () => {
        outline ??= { value: decode() };
        return outline.value;
      };
    }
    return glyph;
  };
}

function readKerning(font: Fontkit.Font, bytes: Buffer): Map<number, number> {
  const pairs = new Map<number, number>();
  const entry = (font as unknown as FontInternals).directory?.tables?.kern;
  if (!entry || entry.length < 4 || bytes.readUInt16BE(entry.offset) !== 0) return pairs;
  let at = entry.offset + 4;
  const end = entry.offset + entry.length;
  for (let n = bytes.readUInt16BE(entry.offset + 2); n > 0 && at + 14 <= end; n--) {
    const length = bytes.readUInt16BE(at + 2);
    const coverage = bytes.readUInt16BE(at + 4);
    // Format 0 (the high byte), horizontal (bit 0), kerning values rather than minimums (bit 1).
    if (coverage >> 8 === 0 && (coverage & 1) === 1 && (coverage & 2) === 0) {
      const count = bytes.readUInt16BE(at + 6);
      for (let k = 0, p = at + 14; k < count && p + 6 <= end; k++, p += 6) {
        const key = (bytes.readUInt16BE(p) << 16) | bytes.readUInt16BE(p + 2);
        pairs.set(key, (pairs.get(key) ?? 0) + bytes.readInt16BE(p + 4));
      }
    }
    at += length;
  }
  return pairs;
}

/** Glyph id and advance of a code point in a face; id 0 when the face has no glyph for it. */
export function glyphOf(face: Face, cp: number): { id: number; advance: number } {
  let g = face.glyphs.get(cp);
  if (g) return g;
  if (face.font.hasGlyphForCodePoint(cp)) {
    const glyph = face.font.glyphForCodePoint(cp);
    g = { id: glyph.id, advance: glyph.advanceWidth };
  } else {
    g = { id: 0, advance: 0 };
  }
  face.glyphs.set(cp, g);
  return g;
}

export function hasGlyph(id: FaceId, cp: number): boolean {
  return glyphOf(getFace(id), cp).id !== 0;
}
