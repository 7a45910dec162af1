// The part of fontkit 2's API the layout uses; fontkit ships no type declarations of its own.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    /** In font units. */
    advanceWidth: number;
    codePoints: number[];
  }

  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    advanceWidth: number;
  }

  export interface KernPair {
    left: number;
    right: number;
    value: number;
  }

  export interface KernTable {
    tables: { format: number; coverage: { horizontal: boolean }; subtable?: { pairs?: KernPair[] } }[];
  }

  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    kern?: KernTable;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string, features?: string[]): GlyphRun;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
