// Ids used by more than one question across packs: Anki would merge their notes into one.
import type { Pack } from '../../model.js';
import type { Manifest } from '../manifest.js';

export interface IdCollision {
  id: string;
  places: { slug: string; question: string; file: string; line: number }[];
}

/**
 * Ids used more than once across all packs. Anki would merge such notes into one, so the build
 * must stop before writing any deck when this is not empty.
 */
export function findIdCollisions(packs: Pack[]): IdCollision[] {
  const places = new Map<string, IdCollision['places']>();
  for (const pack of packs) {
    for (const entry of pack.entries) {
      const place = { slug: pack.project.slug, question: entry.question, ...entry.source };
      places.set(entry.id, [...(places.get(entry.id) ?? []), place]);
    }
  }
  return [...places]
    .filter(([, where]) => where.length > 1)
    .map(([id, where]) => ({ id, places: where }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Ids that two packs share, found from the manifest's record of every pack's entries (or of `slugs`). */
export function manifestCollisions(
  manifest: Manifest,
  slugs: string[] = Object.keys(manifest.guides),
): { id: string; where: string[]; file: string }[] {
  const seen = new Map<string, string[]>();
  for (const slug of slugs) {
    const g = manifest.guides[slug];
    if (!g) continue;
    for (const [id, e] of Object.entries(g.entries))
      seen.set(id, [...(seen.get(id) ?? []), `${g.file} ("${e.q}", ${slug})`]);
  }
  return [...seen]
    .filter(([, where]) => where.length > 1)
    .map(([id, where]) => ({ id, where, file: where[0]?.split(' (')[0] ?? '' }));
}
