// Outputs damaged after they were written (cut short, edited, replaced) are found by the next
// build, even one with nothing else to do, and made again; the combined files are never made
// from a pack whose pack.json does not validate or whose deck is not whole.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';
import { deckGuids } from '../../src/build/usable-packs.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SLUGS = ['podscribe', 'stash', 'flowmingo'];

function workspace(): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-damaged-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const slug of SLUGS) cpSync(join(ROOT, 'guides', `${slug}.md`), join(guides, `${slug}.md`));
  return { guides, out: join(root, 'out') };
}

const run = (ws: { guides: string; out: string }) => build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
const statusOf = (report: Awaited<ReturnType<typeof run>>) =>
  Object.fromEntries(report.guides.map((g) => [g.slug, g.status]));

/** The combined deck's rows as a CSV reader reads them: every row five fields, by GUID. */
function combinedRows(out: string): string[][] {
  const text = readFileSync(join(out, 'all.anki.csv'), 'utf8');
  const body = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
  return parse(body, { relax_column_count: false }) as string[][];
}

/** An edit that changes the pack: a question added at the end of a guide. */
function editFlowmingo(ws: { guides: string }): void {
  const path = join(ws.guides, 'flowmingo.md');
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n## What would you build next?\n\nOffline sync.\n`);
}

function packIds(out: string, slug: string): string[] {
  const pack = JSON.parse(readFileSync(join(out, slug, 'pack.json'), 'utf8'));
  return pack.entries.map((e: { id: string }) => e.id);
}

describe('damaged outputs', () => {
  it('rebuilds a pack whose pack.json and deck were cut short, and the combined deck holds every row whole', async () => {
    const ws = workspace();
    await run(ws);
    const whole = readFileSync(join(ws.out, 'podscribe', 'podscribe.anki.csv'));
    const rowsBefore = combinedRows(ws.out);
    truncateSync(join(ws.out, 'stash', 'pack.json'), 200);
    truncateSync(join(ws.out, 'podscribe', 'podscribe.anki.csv'), Math.floor(whole.length / 3));
    // Another guide edited, as in the daily loop.
    editFlowmingo(ws);
    const report = await run(ws);
    expect(report.ok).toBe(true);
    expect(statusOf(report)).toEqual({ flowmingo: 'built', podscribe: 'built', stash: 'built' });
    expect(report.guides.find((g) => g.slug === 'stash')?.diagnostics.map((d) => d.ruleId)).toContain(
      'output-damaged',
    );
    expect(readFileSync(join(ws.out, 'podscribe', 'podscribe.anki.csv')).equals(whole)).toBe(true);
    expect(() => JSON.parse(readFileSync(join(ws.out, 'stash', 'pack.json'), 'utf8'))).not.toThrow();
    const rows = combinedRows(ws.out);
    // Every row whole, and the question added to flowmingo.
    expect(rows).toHaveLength(rowsBefore.length + 1);
    for (const row of rows) expect(row).toHaveLength(5);
    expect(rows.filter((r) => r[4] === 'Interview Prep::PodScribe').map((r) => r[3])).toEqual(
      packIds(ws.out, 'podscribe'),
    );
    // And then the build has nothing to do.
    expect(statusOf(await run(ws))).toEqual({
      flowmingo: 'unchanged',
      podscribe: 'unchanged',
      stash: 'unchanged',
    });
  });

  it('finds a damaged file on a build with nothing else to do, by its size or, at the same size, its hash', async () => {
    const ws = workspace();
    await run(ws);
    const sheet = join(ws.out, 'stash', 'stash.cheatsheet.pdf');
    const bytes = readFileSync(sheet);
    // Same size, other bytes: only the hash tells.
    const edited = Buffer.from(bytes);
    edited[edited.length - 10] = (edited[edited.length - 10] ?? 0) ^ 0xff;
    writeFileSync(sheet, edited);
    const report = await run(ws);
    expect(statusOf(report)).toEqual({ flowmingo: 'unchanged', podscribe: 'unchanged', stash: 'built' });
    expect(report.guides.find((g) => g.slug === 'stash')?.rewritten).toEqual(['stash/stash.cheatsheet.pdf']);
    expect(readFileSync(sheet).equals(bytes)).toBe(true);
  });

  it('takes a file touched but whole as it is, and writes its new time down so it is not hashed again', async () => {
    const ws = workspace();
    await run(ws);
    const deck = join(ws.out, 'stash', 'stash.anki.csv');
    const later = new Date(Date.now() + 60_000);
    utimesSync(deck, later, later);
    const report = await run(ws);
    expect(statusOf(report)).toEqual({ flowmingo: 'unchanged', podscribe: 'unchanged', stash: 'unchanged' });
    const manifest = JSON.parse(readFileSync(join(ws.out, MANIFEST_NAME), 'utf8'));
    const stamp: string = manifest.guides.stash.stamps['stash.anki.csv'];
    expect(Number(stamp.split(' ')[2])).toBe(statSync(deck).mtimeMs);
    expect(Number(stamp.split(' ')[1])).toBe(statSync(deck).size);
  });

  it('makes the combined files again when one of them was cut short', async () => {
    const ws = workspace();
    await run(ws);
    const rows = combinedRows(ws.out).length;
    truncateSync(join(ws.out, 'all.anki.csv'), 5000);
    const report = await run(ws);
    expect(report.combined).toBe('built');
    expect(combinedRows(ws.out)).toHaveLength(rows);
  });

  it('leaves out of the combined files a failing guide whose kept deck was cut short', async () => {
    const ws = workspace();
    await run(ws);
    const rows = combinedRows(ws.out);
    truncateSync(join(ws.out, 'stash', 'stash.anki.csv'), 3000);
    // The guide cannot be built now: its last good outputs are kept, damaged as they are.
    writeFileSync(join(ws.guides, 'stash.md'), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0]));
    editFlowmingo(ws);
    const report = await run(ws);
    expect(statusOf(report).stash).toBe('failed');
    expect(report.diagnostics.map((d) => d.ruleId)).toContain('pack-unusable');
    const after = combinedRows(ws.out);
    for (const row of after) expect(row).toHaveLength(5);
    expect(after.some((r) => r[4] === 'Interview Prep::Stash')).toBe(false);
    expect(after.length).toBe(rows.filter((r) => r[4] !== 'Interview Prep::Stash').length + 1);
  });
});

describe('deckGuids', () => {
  it('reads the GUID of each row and refuses a deck cut inside a row', () => {
    const deck = '#separator:comma\n#html:true\n"a","b ""q""\nc","t","sp-1"\n"d","e","f","sp-2"\n';
    expect(deckGuids(deck)).toEqual(['sp-1', 'sp-2']);
    expect(deckGuids(deck.slice(0, deck.length - 5))).toBeNull();
    expect(deckGuids('#separator:comma\n"a","b","c"\n')).toBeNull();
  });
});
