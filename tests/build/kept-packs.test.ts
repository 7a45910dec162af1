// A guide that fails keeps its last good pack, and out/all.* keep it too, even when the manifest
// that would name it is gone: the combined files are made from the last good pack.json of every
// guide, validated, and never from one that does not validate.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';
import { pdfPages } from '../render/pdf-factory.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SLUGS = ['podscribe', 'stash', 'flowmingo'];
const BINARY = Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0]);

function workspace(): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-kept-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const slug of SLUGS) cpSync(join(ROOT, 'guides', `${slug}.md`), join(guides, `${slug}.md`));
  return { guides, out: join(root, 'out') };
}

const run = (ws: { guides: string; out: string }) => build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
const deckRows = (out: string, deck: string) =>
  readFileSync(join(out, 'all.anki.csv'), 'utf8')
    .split('\n')
    .filter((line) => line.endsWith(`,"${deck}"`));

describe('the combined files without a manifest', () => {
  it('keep the last good pack of a guide that fails', async () => {
    const ws = workspace();
    await run(ws);
    const stashRows = deckRows(ws.out, 'Interview Prep::Stash');
    expect(stashRows.length).toBeGreaterThan(5);
    rmSync(join(ws.out, MANIFEST_NAME));
    writeFileSync(join(ws.guides, 'stash.md'), BINARY);
    const report = await run(ws);
    expect(report.guides.find((g) => g.slug === 'stash')?.status).toBe('failed');
    expect(report.combined).toBe('built');
    expect(deckRows(ws.out, 'Interview Prep::Stash')).toEqual(stashRows);
    const summary = await pdfPages(readFileSync(join(ws.out, 'all.summary.pdf')));
    expect(summary.pages).toBe(3);
    expect(summary.text.join('\n')).toMatch(/Stash/);
    // The next build, with a manifest again and the guide still failing, has nothing to remake.
    const again = await run(ws);
    expect(again.combined).toBe('unchanged');
    expect(deckRows(ws.out, 'Interview Prep::Stash')).toEqual(stashRows);
  });

  it('leave out a kept pack whose pack.json does not validate', async () => {
    const ws = workspace();
    await run(ws);
    rmSync(join(ws.out, MANIFEST_NAME));
    writeFileSync(join(ws.guides, 'stash.md'), BINARY);
    writeFileSync(join(ws.out, 'stash', 'pack.json'), '{"schemaVersion": 1, "entries": []}\n');
    const report = await run(ws);
    expect(report.combined).toBe('built');
    expect(report.diagnostics.map((d) => d.ruleId)).toContain('pack-unusable');
    expect(deckRows(ws.out, 'Interview Prep::Stash')).toEqual([]);
    expect((await pdfPages(readFileSync(join(ws.out, 'all.summary.pdf')))).pages).toBe(2);
  });
});
