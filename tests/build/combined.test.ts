// The combined outputs: the summary of every pack is drawn one card at a time into a temp file,
// each card at the fit remembered from the last build when its pack and config are unchanged,
// and comes out byte for byte as rendering every pack at once would make it.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';
import { renderCombinedSummary } from '../../src/render/summary.js';
import { validatePack } from '../../src/schema.js';
import { pdfPages } from '../render/pdf-factory.js';

const SLUGS = ['bytescribe', 'stash', 'flowmingo'];
const ROOT = new URL('../../', import.meta.url).pathname;

function workspace(): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-combined-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const slug of SLUGS) cpSync(join(ROOT, 'guides', `${slug}.md`), join(guides, `${slug}.md`));
  return { guides, out: join(root, 'out') };
}

const summaryOf = (out: string) => readFileSync(join(out, 'all.summary.pdf'));
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8'));

/** Builds again with every guide unchanged: the combined outputs are remade because one is missing. */
async function remakeCombined(ws: { guides: string; out: string }): Promise<Buffer> {
  rmSync(join(ws.out, 'all.summary.pdf'));
  const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
  expect(report.guides.map((g) => g.status)).toEqual(SLUGS.map(() => 'unchanged'));
  expect(report.combined).toBe('built');
  return summaryOf(ws.out);
}

describe('the combined summary', () => {
  it('is byte for byte what rendering every pack at once gives, from remembered fits as from fitting', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const first = summaryOf(ws.out);
    const packs = [...SLUGS]
      .sort()
      .map((slug) => validatePack(JSON.parse(readFileSync(join(ws.out, slug, 'pack.json'), 'utf8'))));
    const inMemory = await renderCombinedSummary(packs, { paper: 'a4' });
    expect(Buffer.compare(first, inMemory.pdf)).toBe(0);
    for (const slug of SLUGS) expect(manifestOf(ws.out).guides[slug].card).toBeDefined();
    expect(Buffer.compare(await remakeCombined(ws), first)).toBe(0);
    expect(readdirSync(ws.out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('lays a card out at its remembered fit, and fits it again when the pack or config changed', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const first = summaryOf(ws.out);
    const manifest = manifestOf(ws.out);
    const card = manifest.guides.stash.card;
    // The barest level, remembered for this very pack: the card is drawn so, without fitting.
    manifest.guides.stash.card = { ...card, level: 5, size: 6 };
    writeFileSync(join(ws.out, MANIFEST_NAME), JSON.stringify(manifest));
    const barest = await remakeCombined(ws);
    expect(Buffer.compare(barest, first)).not.toBe(0);
    // The same fit remembered for other bytes of pack.json is not used.
    manifest.guides.stash.card = { ...card, key: '0'.repeat(32), level: 5, size: 6 };
    writeFileSync(join(ws.out, MANIFEST_NAME), JSON.stringify(manifest));
    expect(Buffer.compare(await remakeCombined(ws), first)).toBe(0);
    expect(manifestOf(ws.out).guides.stash.card).toEqual(card);
  });

  it('leaves out a pack.json that does not validate and numbers the other cards without it', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    writeFileSync(join(ws.out, 'flowmingo', 'pack.json'), '{"schemaVersion": 1}');
    // Its guide failing, the damaged pack is kept, not built again, and must stay out.
    writeFileSync(join(ws.guides, 'flowmingo.md'), Buffer.from([0, 1, 2, 0, 0xff, 0]));
    rmSync(join(ws.out, 'all.summary.pdf'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.map((g) => g.status)).toEqual(['unchanged', 'failed', 'unchanged']);
    expect(report.combined).toBe('built');
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['pack-unusable']);
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toMatch(/Flowmingo/i);
    const { pages, text } = await pdfPages(summaryOf(ws.out));
    expect(pages).toBe(2);
    expect(text[0]).toContain('1/2');
    expect(text[1]).toContain('2/2');
    expect(text.join('\n')).not.toMatch(/Flowmingo/i);
    expect(readdirSync(ws.out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
