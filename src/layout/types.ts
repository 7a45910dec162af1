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
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number };

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
