// Shared by the tests: run the first half of the pipeline on a Markdown string or a guide file.
import { readFileSync } from 'node:fs';
import { packFromBytes } from '../src/build/pack.js';
import type { Pack } from '../src/model.js';

export function packOf(markdown: string, file = 'guides/test.md'): Pack {
  const { pack } = packFromBytes(Buffer.from(markdown, 'utf8'), { file });
  if (!pack) throw new Error('no pack');
  return pack;
}

export function seedPack(slug: string): Pack {
  const file = `guides/${slug}.md`;
  const { pack } = packFromBytes(readFileSync(new URL(`../${file}`, import.meta.url)), { file });
  if (!pack) throw new Error(`no pack for ${slug}`);
  return pack;
}

export const SEEDS = ['bytescribe', 'flowmingo', 'ml-model-serving', 'podscribe', 'stash'] as const;
