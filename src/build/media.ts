// The images a pack's cards show. Each local image an answer or prompt refers to is read once,
// checked to be an image by its first bytes, and named by a hash of its content: Anki keeps media
// in one flat folder, where `img/arch.png` of two guides would collide and a content name never
// does. Remote images are never fetched; a missing or unreadable file, or one that is no image,
// is a warning with its line, and the card shows the alt text in its place.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { diagnostic, type RuleId } from '../errors.js';
import type { Diagnostic, Pack } from '../model.js';

/** An image of a guide: its URL as written, its alt text and where it is. */
export interface ImageRef {
  url: string;
  alt: string;
  line: number;
  column: number;
}

/** The media of a pack: file name → bytes, and the URL each image of the guide was given. */
export interface PackMedia {
  files: Map<string, Uint8Array>;
  /** URL as written in the guide → flat media name. Images not found are absent. */
  names: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** The folder inside out/<slug>/ that holds the media of the pack's cards. */
export const MEDIA_DIR = 'media';

/** Larger images are not copied: a card image of this size is a mistake, not a diagram. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

/** Every image of a guide's tree, `![alt](url)` and `![alt][ref]` alike, in document order. */
export function collectImages(tree: Root): ImageRef[] {
  const definitions = new Map<string, string>();
  const found: { node: Nodes; ref?: string }[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url);
    else if (node.type === 'image') found.push({ node });
    else if (node.type === 'imageReference') found.push({ node, ref: node.identifier });
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  const images: ImageRef[] = [];
  for (const { node, ref } of found) {
    const url = ref !== undefined ? definitions.get(ref) : 'url' in node ? node.url : undefined;
    if (typeof url !== 'string' || url === '') continue;
    const alt = 'alt' in node && typeof node.alt === 'string' ? node.alt : '';
    const start = node.position?.start;
    images.push({ url, alt, line: start?.line ?? 1, column: start?.column ?? 1 });
  }
  return images;
}

/** True for a URL with a scheme or a host: never read from disk, never fetched. */
export function isRemoteUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

/** The image formats cards and PDFs take, told by their first bytes; null for anything else. */
export function imageFormat(bytes: Uint8Array): 'png' | 'jpg' | 'gif' | 'webp' | 'svg' | null {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  const head = Buffer.from(b.subarray(0, 512)).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (
    /^(?:\uFEFF|ï»¿)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(
      head,
    )
  )
    return 'svg';
  return null;
}

/** The path an image URL names, relative to the guide's folder: no query, no fragment, decoded. */
function localPath(url: string, guideDir: string): string {
  const bare = url.replace(/[?#].*$/, '');
  let decoded = bare;
  try {
    decoded = decodeURI(bare);
  } catch {
    // A stray % stays as written.
  }
  return isAbsolute(decoded) ? decoded : resolve(guideDir, decoded);
}

/** Reads a regular file of at most MAX_IMAGE_BYTES, or says why not. */
function readImage(path: string): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'there is no such file' : `it cannot be read (${code})`;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return 'it is not a regular file';
    if (stat.size > MAX_IMAGE_BYTES) return `it is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`;
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** True when an entry's answer or prompt refers to `url`: only those images reach the cards. */
function usedByCards(pack: Pack, url: string): boolean {
  return pack.entries.some((entry) => entry.answer.includes(url) || entry.prompt.includes(url));
}

/**
 * Reads the images the cards of `pack` use, from beside the guide at `guidePath`, and names each
 * by its content. Every image of the guide that cannot be shown gets a warning, used or not.
 */
export function packMedia(pack: Pack, images: ImageRef[], guidePath: string): PackMedia {
  const media: PackMedia = { files: new Map(), names: new Map(), diagnostics: [] };
  const file = pack.project.source;
  const seen = new Set<string>();
  const warn = (ruleId: RuleId, message: string, image: ImageRef): void => {
    media.diagnostics.push(diagnostic(ruleId, message, file, image.line, image.column));
  };
  const guideDir = dirname(guidePath);
  for (const image of images) {
    const { url } = image;
    if (seen.has(url)) continue;
    seen.add(url);
    if (isRemoteUrl(url)) {
      const what = /^data:/i.test(url)
        ? 'an image written into the guide as a data: URL'
        : `the remote image ${url}`;
      warn('image-remote', `${what} is not fetched; its alt text is shown in its place`, image);
      continue;
    }
    const bytes = readImage(localPath(url, guideDir));
    if (typeof bytes === 'string') {
      warn('image-missing', `the image ${url} cannot be shown: ${bytes}`, image);
      continue;
    }
    const format = imageFormat(bytes);
    if (!format) {
      warn('image-unsupported', `${url} is not a PNG, JPEG, GIF, WebP or SVG image`, image);
      continue;
    }
    if (!usedByCards(pack, url)) continue;
    const name = `sp-${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}.${format}`;
    media.names.set(url, name);
    media.files.set(name, bytes);
  }
  return media;
}
