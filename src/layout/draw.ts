// Draws laid-out pages with pdfkit: the layout has already placed every run, so pdfkit only
// embeds the font subsets and writes the operators. Output is byte-for-byte reproducible.
import PDFDocument from 'pdfkit';
import { type FaceId, getFace } from './fonts.js';
import { shapeCache } from './shape.js';
import type { PageLayout } from './types.js';

export interface PdfInfo {
  title: string;
  subject?: string;
}

/** The creation date every PDF carries: `SOURCE_DATE_EPOCH` when set, else the Unix epoch. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return new Date(epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : 0);
}

// pdfkit opens a font file afresh for every document and parses its tables again, which costs
// more than laying out a whole cheat sheet. Its font cache (`_fontFamilies`) is seeded instead
// with embedded fonts built on the process-wide fontkit objects, and each one's layout cache
// points at the shared shaping cache, so pdfkit draws exactly what the layout measured.
// These are pdfkit 0.17 internals; without them the documented registerFont path is used.
interface EmbeddedFontInternals {
  layoutCache?: Record<string, unknown>;
}
interface DocumentInternals {
  _font?: EmbeddedFontInternals;
  _fontFamilies?: Record<string, EmbeddedFontInternals>;
  _fontCount?: number;
}
type EmbeddedFontClass = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => EmbeddedFontInternals;
let EmbeddedFont: EmbeddedFontClass | null = null;

function useFace(doc: PDFKit.PDFDocument, id: FaceId, ready: Set<FaceId>): void {
  if (ready.has(id)) {
    doc.font(id);
    return;
  }
  ready.add(id);
  const face = getFace(id);
  const internals = doc as unknown as DocumentInternals;
  if (EmbeddedFont && internals._fontFamilies && typeof internals._fontCount === 'number') {
    internals._fontCount += 1;
    internals._fontFamilies[id] = new EmbeddedFont(doc, face.font, `F${internals._fontCount}`);
  } else {
    doc.registerFont(id, face.bytes);
  }
  doc.font(id);
  const font = internals._font;
  if (font && 'layoutCache' in font) {
    font.layoutCache = shapeCache(id);
    EmbeddedFont ??= font.constructor as EmbeddedFontClass;
  }
}

export async function drawPdf(pages: PageLayout[], info: PdfInfo): Promise<Buffer> {
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
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const registered = new Set<FaceId>();
  let face: FaceId | null = null;
  let size = 0;
  let color = '';
  for (const page of pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    face = null;
    size = 0;
    color = '';
    for (const item of page.items) {
      if (item.kind === 'rect') {
        if (item.radius) doc.roundedRect(item.x, item.y, item.w, item.h, item.radius);
        else doc.rect(item.x, item.y, item.w, item.h);
        doc.fillColor(item.fill).fill();
        color = '';
      } else if (item.kind === 'line') {
        doc
          .moveTo(item.x1, item.y1)
          .lineTo(item.x2, item.y2)
          .lineWidth(item.width)
          .strokeColor(item.color)
          .stroke();
      } else {
        const { run } = item;
        if (run.face !== face) {
          useFace(doc, run.face, registered);
          face = run.face;
        }
        if (run.size !== size) {
          doc.fontSize(run.size);
          size = run.size;
        }
        if (run.color !== color) {
          doc.fillColor(run.color);
          color = run.color;
        }
        doc.text(run.text, run.x, item.y, { lineBreak: false, baseline: 'alphabetic' });
      }
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
