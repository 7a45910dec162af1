// The look both PDFs share: paper sizes, margins, colours. One place to restyle the print.
import type { PageGeometry } from '../layout/flow.js';

export type Paper = 'a4' | 'letter';

export interface PdfOptions {
  /** Paper size; A4 when not given. */
  paper?: Paper;
}

const SIZES: Record<Paper, { width: number; height: number }> = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
};

/** Page size and margins (about 10 mm: inside every printer's printable area). */
export function geometry(paper: Paper = 'a4'): PageGeometry {
  const { width, height } = SIZES[paper];
  return { width, height, margin: { top: 28, right: 28, bottom: 38, left: 28 } };
}

export const COLORS = {
  text: '#1a1a1a',
  body: '#262626',
  muted: '#5f6670',
  faint: '#8a9099',
  accent: '#1f4f86',
  accentTint: '#e7eef7',
  onAccent: '#ffffff',
  onAccentMuted: '#c5d3e6',
  rule: '#c8cdd4',
  codeBg: '#f0f2f4',
  factsBg: '#f4f6f9',
} as const;

/** The smallest size any text is set in: below this print stops being readable. */
export const MIN_SIZE = 6;
