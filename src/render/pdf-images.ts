// Pictures a guide links to, for the answers PDF: local PNG, JPEG and SVG files read relative to
// the guide, their size in pixels read from their headers. Remote images are never fetched.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RuleId } from '../errors.js';
import type { ImageData } from '../layout/types.js';

export type ImageLoad =
  | { ok: true; image: ImageData }
  | {
      ok: false;
      ruleId: RuleId;
      message: string;
      /** True for an image the cards show but the PDFs cannot hold (GIF, WebP): only the PDFs warn. */
      pdfOnly?: boolean;
    };

/** Larger files are not read: a picture for a printed page never needs this much. */
const MAX_BYTES = 20 * 1024 * 1024;

/** The picture at `url` (as written in the guide), read from `baseDir`; or why it cannot be. */
export function loadImage(url: string, baseDir: string | undefined): ImageLoad {
  const shown = JSON.stringify(url.length > 120 ? `${url.slice(0, 117)}…` : url);
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) && !/^file:/i.test(url)) {
    return {
      ok: false,
      ruleId: 'image-remote',
      message: `The image ${shown} is not on this machine and is never fetched; its alt text is printed instead.`,
    };
  }
  let path = url.replace(/^file:\/\//i, '').replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray % is part of the file's name.
  }
  const file = resolve(baseDir ?? '.', path);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    return {
      ok: false,
      ruleId: 'image-missing',
      message: `The image ${shown} is not there, relative to the guide's folder; its alt text is printed instead.`,
    };
  }
  if (size > MAX_BYTES) {
    return {
      ok: false,
      ruleId: 'image-unsupported',
      message: `The image ${shown} is over 20 MB and is not read; its alt text is printed instead.`,
    };
  }
  const bytes = readFileSync(file);
  const image = identify(bytes);
  const head = bytes.toString('latin1', 0, 12);
  if (!image && (head.startsWith('GIF8') || (head.startsWith('RIFF') && head.endsWith('WEBP')))) {
    return {
      ok: false,
      ruleId: 'image-unsupported',
      message: `The image ${shown} is a ${head.startsWith('GIF') ? 'GIF' : 'WebP'}, which the PDFs cannot hold (PNG, JPEG and SVG only); its alt text is printed there instead.`,
      pdfOnly: true,
    };
  }
  if (!image) {
    return {
      ok: false,
      ruleId: 'image-unsupported',
      message: `The image ${shown} is not PNG, JPEG or SVG (or its header is damaged); its alt text is printed instead.`,
    };
  }
  return { ok: true, image };
}

/** Format and pixel size from the bytes themselves, whatever the file's name says. */
export function identify(bytes: Uint8Array): ImageData | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return { format: 'png', bytes, width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) return jpeg(b, bytes);
  const head = b.toString('utf8', 0, Math.min(b.length, 4096));
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head))
    return svg(b, bytes);
  return null;
}

function jpeg(b: Buffer, bytes: Uint8Array): ImageData | null {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    // Start of frame: SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = b.readUInt16BE(at + 5);
      const width = b.readUInt16BE(at + 7);
      return width > 0 && height > 0 ? { format: 'jpeg', bytes, width, height } : null;
    }
    at += 2 + length;
  }
  return null;
}

/** An SVG's size in CSS pixels: its width and height, else its viewBox. */
function svg(b: Buffer, bytes: Uint8Array): ImageData | null {
  const text = b.toString('utf8');
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
  const length = (v: string | undefined): number | null => {
    const m = v ? /^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$/.exec(v) : null;
    if (!m) return null;
    const n = Number.parseFloat(m[1] ?? '');
    const unit = { px: 1, pt: 4 / 3, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 }[m[2] ?? 'px'] ?? 1;
    return n > 0 ? n * unit : null;
  };
  const view = attr('viewBox')
    ?.split(/[\s,]+/)
    .map(Number);
  const vw = view?.[2] && view[2] > 0 ? view[2] : null;
  const vh = view?.[3] && view[3] > 0 ? view[3] : null;
  let width = length(attr('width'));
  let height = length(attr('height'));
  if (width && !height && vw && vh) height = (width * vh) / vw;
  if (height && !width && vw && vh) width = (height * vw) / vh;
  width ??= vw;
  height ??= vh;
  return width && height ? { format: 'svg', bytes, width, height } : null;
}
