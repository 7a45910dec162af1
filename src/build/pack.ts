// One guide's bytes → its pack: read, parse, extract, normalize. Never throws on bad input.

import { extract } from '../extract/index.js';
import type { Pack } from '../model.js';
import { type NormalizeOptions, normalize } from '../normalize/index.js';
import { parseMarkdown } from '../parse/index.js';
import { readGuide } from '../read/index.js';
import { validatePack } from '../schema.js';
import { collectImages, type ImageRef } from './media.js';

export interface PackResult {
  /** The pack, or null when the guide could not be read at all. */
  pack: Pack | null;
  /** True when the guide has an error diagnostic: its outputs are not replaced. */
  failed: boolean;
  /** The guide's images, as written, with their lines. */
  images: ImageRef[];
}

/** Runs the first half of the pipeline on one guide. */
export function packFromBytes(bytes: Uint8Array, options: NormalizeOptions): PackResult {
  const read = readGuide(bytes, options.file);
  if (!read.ok) {
    const pack: Pack = {
      schemaVersion: 1,
      project: { slug: options.slug ?? 'guide', title: 'Untitled', source: options.file, pitch: '' },
      entries: [],
      facts: [],
      diagnostics: read.diagnostics,
    };
    return { pack, failed: true, images: [] };
  }
  const tree = parseMarkdown(read.text);
  const extraction = extract(tree, read.text, options.file);
  extraction.diagnostics.unshift(...read.diagnostics);
  const pack = validatePack(normalize(extraction, options));
  const images = collectImages(tree);
  return { pack, failed: pack.diagnostics.some((d) => d.severity === 'error'), images };
}
