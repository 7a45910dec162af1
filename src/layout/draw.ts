// Draws laid-out pages with pdfkit: the layout has already placed every run, so pdfkit only
// embeds the font subsets and writes the operators. Output is byte-for-byte reproducible.
import { createRequire } from 'node:module';
import { buildDate } from './build-date.js';
import { type FaceId, getFace } from './fonts.js';
import { type ShapedChunk, shapedChunk } from './shape.js';
import type { DrawItem, PageLayout } from './types.js';

// pdfkit is CommonJS: required, it loads without Node's ESM wrapper scanning its 6,000 lines.
const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof import('pdfkit');

export interface PdfInfo {
  title: string;
  subject?: string;
}

// pdfkit opens a font file afresh for every document and parses its tables again, which costs
// more than laying out a whole cheat sheet. Its font cache (`_fontFamilies`) is seeded instead
// with embedded fonts built on the process-wide fontkit objects; pdfkit then only subsets and
// embeds them. Each page's text is written as one text object from the layout's own shaped
// glyphs (pdfkit's `text()` would shape every run again and wrap it in a state save, a transform
// and a text object of its own). These are pdfkit 0.17 internals; should they change, the
// documented registerFont and text() path is used.
interface Position {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface EmbeddedFontInternals {
  id?: string;
  scale?: number;
  subset?: { includeGlyph(id: number): number };
  widths?: number[];
  unicode?: number[][];
  ref?: () => unknown;
}
interface DocumentInternals {
  _font?: EmbeddedFontInternals;
  _fontFamilies?: Record<string, EmbeddedFontInternals>;
  _fontCount?: number;
  page?: { fonts?: Record<string, unknown> };
}
type EmbeddedFontClass = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => EmbeddedFontInternals;
let EmbeddedFont: EmbeddedFontClass | null = null;

function useFace(doc: PDFKit.PDFDocument, id: FaceId, ready: Set<FaceId>): EmbeddedFontInternals | undefined {
  const internals = doc as unknown as DocumentInternals;
  if (!ready.has(id)) {
    ready.add(id);
    const face = getFace(id);
    doc.registerFont(id, face.bytes);
    if (!EmbeddedFont && internals._fontFamilies) {
      // The first font of the process is opened the documented way, only to learn pdfkit's class;
      // then it is forgotten, so the first document is numbered like every later one.
      const count = internals._fontCount;
      doc.font(id);
      const probe = internals._font;
      EmbeddedFont = (probe?.constructor as EmbeddedFontClass | undefined) ?? null;
      for (const [key, value] of Object.entries(internals._fontFamilies)) {
        if (value === probe) delete internals._fontFamilies[key];
      }
      internals._fontCount = count;
    }
    if (EmbeddedFont && internals._fontFamilies && typeof internals._fontCount === 'number') {
      internals._fontCount += 1;
      internals._fontFamilies[id] = new EmbeddedFont(doc, face.font, `F${internals._fontCount}`);
    }
  }
  doc.font(id);
  return internals._font;
}

/** Numbers as pdfkit writes them. */
function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return String(r === 0 ? 0 : r);
}

function rgb(hex: string): string {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => num(c / 255)).join(' ');
}

/** The operators that show one run at (x, y) in PDF space, kerning and glyph offsets included. */
function showRun(
  ops: string[],
  encoded: string[],
  positions: Position[],
  size: number,
  x: number,
  y: number,
) {
  const scale = size / 1000;
  const commands: string[] = [];
  let last = 0;
  let offset = false;
  let at = x;
  const segment = (cur: number) => {
    const p = positions[cur - 1];
    if (last < cur && p)
      commands.push(`<${encoded.slice(last, cur).join('')}> ${num(-(p.xAdvance - p.advanceWidth))}`);
    last = cur;
  };
  const flush = (i: number) => {
    segment(i);
    if (commands.length > 0) ops.push(`[${commands.join(' ')}] TJ`);
    commands.length = 0;
  };
  ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
  positions.forEach((p, i) => {
    if (p.xOffset || p.yOffset) {
      flush(i);
      ops.push(`1 0 0 1 ${num(at + p.xOffset * scale)} ${num(y + p.yOffset * scale)} Tm`);
      flush(i + 1);
      offset = true;
    } else {
      if (offset) {
        ops.push(`1 0 0 1 ${num(at)} ${num(y)} Tm`);
        offset = false;
      }
      if (p.xAdvance - p.advanceWidth !== 0) segment(i + 1);
    }
    at += p.xAdvance * scale;
  });
  flush(positions.length);
}

interface Encoder {
  id: string;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
}

function encoder(font: EmbeddedFontInternals | undefined): Encoder | null {
  if (!font?.id || !font.subset || !font.widths || !font.unicode || !font.scale) return null;
  return font as Encoder;
}

/** Registers a glyph in the document's subset of the font; its code as four hex digits. */
function register(font: Encoder, glyph: ShapedChunk['glyphs'][number]): string {
  const gid = font.subset.includeGlyph(glyph.id);
  font.widths[gid] ??= glyph.advanceWidth * font.scale;
  font.unicode[gid] ??= glyph.codePoints;
  return gid.toString(16).padStart(4, '0');
}

/** A run's glyphs, registered in the document's subset of the font: hex codes and positions. */
function encodeRun(font: Encoder, face: FaceId, text: string): [string[], Position[]] {
  const hex: string[] = [];
  const positions: Position[] = [];
  const add = (shaped: ShapedChunk) => {
    shaped.glyphs.forEach((glyph, i) => {
      hex.push(register(font, glyph));
      positions.push(shaped.positions[i] as Position);
    });
  };
  forEachPiece(face, text, add);
  return [hex, positions];
}

function forEachPiece(face: FaceId, text: string, fn: (shaped: ShapedChunk, piece: string) => void): void {
  let last = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 32) continue;
    if (i > last) {
      const piece = text.slice(last, i);
      fn(shapedChunk(face, piece), piece);
    }
    if (i < text.length) fn(shapedChunk(face, ' '), ' ');
    last = i + 1;
  }
}

/**
 * The piece as elements of a TJ array (glyph codes, kerning in thousandths of an em), made once
 * per document: a word that comes back is not encoded again. Null when glyphs move off the
 * baseline (combining marks), which needs text positioning of its own.
 */
const fragments = new WeakMap<Encoder, Map<string, string | null>>();

/** Keyed by the piece's text (a face shapes a text one way): the shaping cache may let it go. */
function fragmentOf(font: Encoder, shaped: ShapedChunk, piece: string): string | null {
  let cache = fragments.get(font);
  if (!cache) {
    cache = new Map();
    fragments.set(font, cache);
  }
  let fragment = cache.get(piece);
  if (fragment !== undefined) return fragment;
  if (shaped.positions.some((p) => p.xOffset || p.yOffset)) fragment = null;
  else {
    const parts: string[] = [];
    let hex = '';
    shaped.glyphs.forEach((glyph, i) => {
      hex += register(font, glyph);
      const p = shaped.positions[i];
      const kern = p ? p.xAdvance - p.advanceWidth : 0;
      if (kern !== 0) {
        parts.push(`<${hex}> ${num(-kern)}`);
        hex = '';
      }
    });
    if (hex) parts.push(`<${hex}>`);
    fragment = parts.join(' ');
  }
  cache.set(piece, fragment);
  return fragment;
}

/** The operators that show a run; pieces come from the fragment cache when they can. */
function showText(
  ops: string[],
  font: Encoder,
  face: FaceId,
  text: string,
  size: number,
  x: number,
  y: number,
) {
  const parts: string[] = [];
  let simple = true;
  forEachPiece(face, text, (shaped, piece) => {
    if (!simple) return;
    const fragment = fragmentOf(font, shaped, piece);
    if (fragment === null) simple = false;
    else parts.push(fragment);
  });
  if (simple) {
    ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`, `[${parts.join(' ')}] TJ`);
    return;
  }
  const [encoded, positions] = encodeRun(font, face, text);
  showRun(ops, encoded, positions, size, x, y);
}

function drawText(doc: PDFKit.PDFDocument, page: PageLayout, registered: Set<FaceId>): void {
  const ops: string[] = [];
  let font: Encoder | null = null;
  let face: FaceId | null = null;
  let size = 0;
  let color = '';
  for (const item of page.items) {
    if (item.kind !== 'text' || !item.run.text) continue;
    const { run } = item;
    if (run.face !== face) {
      font = encoder(useFace(doc, run.face, registered));
      face = run.face;
      size = 0;
    }
    const internals = doc as unknown as DocumentInternals;
    const fonts = internals.page?.fonts;
    const ref = internals._font?.ref?.bind(internals._font);
    if (!font || !fonts || !ref) {
      doc.fontSize(run.size).fillColor(run.color);
      doc.text(run.text, run.x, item.y, { lineBreak: false, baseline: 'alphabetic' });
      continue;
    }
    fonts[font.id] ??= ref();
    if (run.size !== size) ops.push(`/${font.id} ${num(run.size)} Tf`);
    if (run.color !== color) ops.push(`${rgb(run.color)} rg`);
    size = run.size;
    color = run.color;
    showText(ops, font, run.face, run.text, run.size, run.x, page.height - item.y);
  }
  // pdfkit draws pages with y running down; text is written in PDF space, y up, as pdfkit does.
  if (ops.length > 0) doc.addContent(`q 1 0 0 -1 0 ${num(page.height)} cm BT\n${ops.join('\n')}\nET Q`);
}

/** Shapes (a typeset formula) as filled and stroked paths, each in its own transform. */
function drawVector(doc: PDFKit.PDFDocument, item: Extract<DrawItem, { kind: 'vector' }>): void {
  const color = rgb(item.color);
  const s = item.scale;
  const ops: string[] = [
    `q ${color} rg ${color} RG ${num(s)} 0 0 ${num(s)} ${num(item.x)} ${num(item.y)} cm`,
  ];
  for (const shape of item.shapes) {
    ops.push(`q ${shape.m.map(num).join(' ')} cm`);
    if (shape.kind === 'path') ops.push(`${shape.ops} f`);
    else if (shape.kind === 'rect') {
      const box = `${num(shape.x)} ${num(shape.y)} ${num(shape.w)} ${num(shape.h)} re`;
      ops.push(shape.stroke ? `${num(shape.stroke)} w ${box} S` : `${box} f`);
    } else {
      ops.push(
        `${num(shape.stroke)} w ${num(shape.x1)} ${num(shape.y1)} m ${num(shape.x2)} ${num(shape.y2)} l S`,
      );
    }
    ops.push('Q');
  }
  ops.push('Q');
  doc.addContent(ops.join('\n'));
}

type SvgToPdf = (
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  options: {
    width: number;
    height: number;
    fontCallback?: () => string;
    imageCallback?: (link: string) => string;
    warningCallback?: (message: string) => void;
  },
) => void;
let svgToPdf: SvgToPdf | null = null;

/** A picture: PNG and JPEG embedded as they are, SVG drawn as vectors. */
function drawImage(doc: PDFKit.PDFDocument, item: Extract<DrawItem, { kind: 'image' }>): void {
  const { image } = item;
  if (image.format !== 'svg') {
    doc.image(Buffer.from(image.bytes), item.x, item.y, { width: item.w, height: item.h });
    return;
  }
  // Loaded only for a guide with an SVG picture; its text is set in the sans face, embedded.
  svgToPdf ??= createRequire(import.meta.url)('svg-to-pdfkit') as SvgToPdf;
  doc.registerFont('svg-sans', getFace('sans').bytes);
  doc.save();
  svgToPdf(doc, Buffer.from(image.bytes).toString('utf8'), item.x, item.y, {
    width: item.w,
    height: item.h,
    fontCallback: () => 'svg-sans',
    // Pictures inside the SVG are drawn only when they are in it (data: URIs): pdfkit would read
    // any other link as a path on this machine.
    imageCallback: (link) => (/^data:image\/(png|jpeg);/i.test(link.trim()) ? link.replace(/\s+/g, '') : ''),
    // What it cannot draw (a picture from elsewhere, an unknown element) is left out quietly.
    warningCallback: () => undefined,
  });
  doc.restore();
}

/** A PDF written page by page: the bytes go to `write` as pdfkit makes them. */
export interface PdfWriter {
  /** Draws one page; the page before it is finished and its bytes written. */
  addPage(page: PageLayout): void;
  /** Finishes the document (the font subsets are embedded last) once every byte is written. */
  end(): Promise<void>;
}

/**
 * Starts a PDF whose bytes go to `write`. pdfkit writes a page out when the next one is added
 * (pages are not buffered), so a long document never sits in memory whole; the bytes are the
 * same as drawing every page at once. pdfkit emits its first bytes on the next tick: a caller
 * that adds many pages should let the event loop turn now and then.
 */
export function openPdf(info: PdfInfo, write: (chunk: Buffer) => void): PdfWriter {
  const date = buildDate();
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    displayTitle: true,
    lang: 'en',
    // No default font: pdfkit would parse Helvetica's metrics for every document, never to use them.
    font: null as unknown as string,
    info: {
      Title: info.title,
      ...(info.subject ? { Subject: info.subject } : {}),
      Producer: 'studypack',
      Creator: 'studypack',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.on('data', write);
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const registered = new Set<FaceId>();
  return {
    addPage(page) {
      doc.addPage({ size: [page.width, page.height], margin: 0 });
      // Backgrounds and rules first, the text over them.
      for (const item of page.items) {
        if (item.kind === 'rect') {
          if (item.radius) doc.roundedRect(item.x, item.y, item.w, item.h, item.radius);
          else doc.rect(item.x, item.y, item.w, item.h);
          doc.fillColor(item.fill).fill();
        } else if (item.kind === 'line') {
          doc
            .moveTo(item.x1, item.y1)
            .lineTo(item.x2, item.y2)
            .lineWidth(item.width)
            .strokeColor(item.color)
            .stroke();
        } else if (item.kind === 'vector') drawVector(doc, item);
        else if (item.kind === 'image') drawImage(doc, item);
      }
      drawText(doc, page, registered);
    },
    async end() {
      doc.end();
      await done;
    },
  };
}

/** Laid-out pages as one PDF in memory. */
export async function drawPdf(pages: PageLayout[], info: PdfInfo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const pdf = openPdf(info, (chunk) => chunks.push(chunk));
  for (const page of pages) pdf.addPage(page);
  await pdf.end();
  return Buffer.concat(chunks);
}
