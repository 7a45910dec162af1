// The values the layout passes around: styled spans in, positioned runs, boxes and pages out.
import type { FontStyle } from './fallback.js';
import type { FaceId } from './fonts.js';

/** How a span of inline text looks; sizes are relative to the paragraph's size. */
export interface SpanStyle extends FontStyle {
  color?: string;
  /** Size relative to the paragraph, e.g. 0.92 for inline code beside prose. */
  scale?: number;
}

/** A piece of inline text with one style. */
export interface Span {
  text: string;
  style?: SpanStyle;
  /** A TeX formula typeset in place of the text (which is what prints when it cannot be). */
  math?: string;
}

/**
 * Something set inline like a word that is not text (a typeset formula): its size in points
 * and what it draws with its origin at the left end of the baseline.
 */
export interface InlineBox {
  width: number;
  /** Above the baseline. */
  ascent: number;
  /** Below the baseline. */
  descent: number;
  draw(x: number, baseline: number, color: string): DrawItem[];
}

/** Text drawn in one pdfkit call: one face, one size, one colour, one baseline. */
export interface Run {
  face: FaceId;
  size: number;
  color: string;
  text: string;
  /** Left edge, relative to whatever holds the run. */
  x: number;
  width: number;
  /** Set in place of text: the run's text is then empty. */
  box?: InlineBox;
}

/** One typeset line: runs on a shared baseline. */
export interface Line {
  runs: Run[];
  width: number;
}

/** Something drawn on a page, in page coordinates (points, origin top left, y down). */
export type DrawItem =
  | {
      kind: 'text';
      run: Run;
      /** Baseline. */
      y: number;
      /** Index of the page's frame the run must stay inside (a column, the header). */
      frame: number;
    }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; radius?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number }
  | {
      kind: 'vector';
      /** Where the shapes' origin goes, and how many points one of their units is. */
      x: number;
      y: number;
      scale: number;
      color: string;
      shapes: VectorShape[];
    }
  | { kind: 'image'; x: number; y: number; w: number; h: number; image: ImageData };

/** An affine transform [a b c d e f], as in PDF and SVG. */
export type Matrix = [number, number, number, number, number, number];

/** A filled path (SVG path data) or a stroked line or rectangle, in its own units, y down. */
export type VectorShape =
  | { kind: 'path' /** PDF path operators (m, l, c, h), filled. */; ops: string; m: Matrix }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; m: Matrix; stroke?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; m: Matrix; stroke: number };

/** An image file's bytes as read, with its format and size in pixels (SVG: in CSS pixels). */
export interface ImageData {
  format: 'png' | 'jpeg' | 'svg';
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** A rectangle text is laid into. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A laid-out page: everything on it, and the frames its text was laid into. */
export interface PageLayout {
  width: number;
  height: number;
  items: DrawItem[];
  frames: Frame[];
}
