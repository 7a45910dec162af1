// out/.manifest.json: per guide, what its outputs were made from, so an unchanged guide is
// skipped without being read further, and what it held, so the next build can say what changed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Pack } from '../model.js';

export const MANIFEST_NAME = '.manifest.json';

const entrySchema = z.object({ q: z.string(), a: z.string() });
const guideSchema = z.object({
  file: z.string(),
  input: z.string(),
  config: z.string(),
  outputs: z.array(z.string()),
  entries: z.record(z.string(), entrySchema),
});
const manifestSchema = z.object({
  version: z.literal(1),
  config: z.string(),
  combined: z.string().default(''),
  guides: z.record(z.string(), guideSchema),
});

export type GuideRecord = z.infer<typeof guideSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export function emptyManifest(): Manifest {
  return { version: 1, config: '', combined: '', guides: {} };
}

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** The manifest of an out folder; a missing or damaged one means "build everything". */
export function readManifest(outDir: string): Manifest {
  const path = join(outDir, MANIFEST_NAME);
  if (!existsSync(path)) return emptyManifest();
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return emptyManifest();
  }
}

/** What the manifest keeps of a pack's entries: question and a hash of the answer, by id. */
export function entrySnapshot(pack: Pack): GuideRecord['entries'] {
  const out: GuideRecord['entries'] = {};
  for (const e of pack.entries) out[e.id] = { q: e.question, a: hashBytes(e.answer) };
  return out;
}

/** Sorted keys, so the file diffs well and two equal builds write equal bytes. */
export function serializeManifest(m: Manifest): string {
  const guides: Record<string, GuideRecord> = {};
  for (const slug of Object.keys(m.guides).sort()) {
    const g = m.guides[slug];
    if (!g) continue;
    const entries: GuideRecord['entries'] = {};
    for (const id of Object.keys(g.entries).sort()) {
      const e = g.entries[id];
      if (e) entries[id] = e;
    }
    guides[slug] = {
      file: g.file,
      input: g.input,
      config: g.config,
      outputs: [...g.outputs].sort(),
      entries,
    };
  }
  return `${JSON.stringify({ version: 1, config: m.config, combined: m.combined, guides }, null, 2)}\n`;
}
