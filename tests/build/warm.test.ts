// The watch's warm-up: the packs of the first build drawn again in memory, the guides edited last
// first, stopped at the next pack by a waiting change and taken up again later, within a budget.
import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_THREAD, type PdfMaker } from '../../src/build/pdfs.js';
import type { GuideReport } from '../../src/build/report.js';
import { Warmer } from '../../src/build/warm.js';
import { seedPack } from '../helpers.js';

/** A folder with a guide file and a pack in out/ for each slug, the guides' times one minute apart. */
function project(slugs: string[]): { out: string; reports: GuideReport[] } {
  const dir = mkdtempSync(join(tmpdir(), 'studypack-warm-'));
  const out = join(dir, 'out');
  const reports = slugs.map((slug, i) => {
    const file = join(dir, `${slug}.md`);
    writeFileSync(file, `# ${slug}\n`);
    const minute = new Date(Date.UTC(2026, 0, 1, 12, i));
    utimesSync(file, minute, minute);
    mkdirSync(join(out, slug), { recursive: true });
    writeFileSync(join(out, slug, 'pack.json'), JSON.stringify(seedPack(slug)));
    return { file, slug, status: 'built' } as GuideReport;
  });
  return { out, reports };
}

/** Makes the PDFs in this thread and says which packs it was given. */
function recording(): { maker: PdfMaker; drawn: string[] } {
  const drawn: string[] = [];
  return {
    drawn,
    maker: {
      pack: (pack, options, guideDir) => {
        drawn.push(pack.project.slug);
        return IN_THREAD.pack(pack, options, guideDir);
      },
      combinedSummary: IN_THREAD.combinedSummary,
    },
  };
}

describe('the watch warm-up', () => {
  it('draws the sample, then the packs of the guides edited last first, and writes nothing', async () => {
    const { out, reports } = project(['stash', 'bytescribe', 'podscribe']);
    reports.push({ ...(reports[0] as GuideReport), slug: 'gone' });
    reports.push({ ...(reports[0] as GuideReport), slug: 'broken', status: 'failed' });
    const before = readdirSync(out, { recursive: true }).map(String).sort();
    const times = before.map((f) => statSync(join(out, f)).mtimeMs);
    const { maker, drawn } = recording();
    const warmer = new Warmer({ paper: 'a4' }, maker, reports, out, 60_000);
    await warmer.run(() => false);
    // podscribe's guide is the newest; the pack of "gone" is missing and the failed guide has none.
    expect(drawn).toEqual(['warm-up', 'podscribe', 'bytescribe', 'stash']);
    expect(warmer.pending).toBe(false);
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(before);
    expect(before.map((f) => statSync(join(out, f)).mtimeMs)).toEqual(times);
  });

  it('stops before the next pack when a change waits, and goes on from there next time', async () => {
    const { out, reports } = project(['stash', 'bytescribe']);
    const { maker, drawn } = recording();
    const warmer = new Warmer({ paper: 'a4' }, maker, reports, out, 60_000);
    let waiting = false;
    const run = warmer.run(() => waiting);
    waiting = true;
    await run;
    // The sample was under way when the change came: no pack was started after it.
    expect(drawn).toEqual(['warm-up']);
    expect(warmer.pending).toBe(true);
    waiting = false;
    await warmer.run(() => drawn.length >= 2);
    expect(drawn).toEqual(['warm-up', 'bytescribe']);
    await warmer.run(() => false);
    expect(drawn).toEqual(['warm-up', 'bytescribe', 'stash']);
    expect(warmer.pending).toBe(false);
  });

  it('draws no more packs once its budget is spent', async () => {
    const { out, reports } = project(['stash', 'bytescribe']);
    const { maker, drawn } = recording();
    const warmer = new Warmer({ paper: 'a4' }, maker, reports, out, 1);
    await warmer.run(() => false);
    expect(drawn).toEqual(['warm-up', 'bytescribe']);
    expect(warmer.pending).toBe(false);
  });
});
