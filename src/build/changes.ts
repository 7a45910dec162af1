// The change report of one guide: what was added, changed, reworded (id kept) and removed,
// by question, between the last build and this one.
import type { Pack } from '../model.js';
import type { GuideRecord } from './manifest.js';
import { hashBytes } from './manifest.js';

export interface Reworded {
  id: string;
  from: string;
  to: string;
}

export interface GuideChanges {
  added: string[];
  /** Same question, new answer. */
  changed: string[];
  /** Question reworded, id kept through the identity file. */
  reworded: Reworded[];
  /** Gone from the guide; the notes stay in Anki. */
  removed: string[];
}

export function noChanges(): GuideChanges {
  return { added: [], changed: [], reworded: [], removed: [] };
}

/** Compares a new pack with what the manifest remembers of the last one. */
export function diffPack(before: GuideRecord['entries'] | undefined, pack: Pack): GuideChanges {
  const changes = noChanges();
  const old = before ?? {};
  for (const e of pack.entries) {
    const prev = old[e.id];
    if (!prev) changes.added.push(e.question);
    // Ids hash the question, so a kept id with new wording is a rewording the identity file kept.
    else if (prev.q !== e.question) changes.reworded.push({ id: e.id, from: prev.q, to: e.question });
    else if (prev.a !== hashBytes(e.answer)) changes.changed.push(e.question);
  }
  const now = new Set(pack.entries.map((e) => e.id));
  for (const [id, prev] of Object.entries(old)) if (!now.has(id)) changes.removed.push(prev.q);
  return changes;
}
