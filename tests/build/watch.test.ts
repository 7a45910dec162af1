// --watch: a real file change in a temp folder triggers one rebuild with its change report,
// and a guide that turns bad is reported while the watch goes on.
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/build/index.js';
import { watchBuild } from '../../src/build/watch.js';

const GUIDE = '# W\n\n## "Why watch?"\n\nTo rebuild on save.\n';

function nextReport(reports: BuildReport[], count: number, timeoutMs = 15_000): Promise<BuildReport> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (reports.length >= count) resolve(reports[count - 1] as BuildReport);
      else if (Date.now() - start > timeoutMs) reject(new Error(`no build ${count} after ${timeoutMs} ms`));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

/** A guides folder with one guide (and `files`), watched: the reports and errors as they come. */
function startWatch(files: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'studypack-watch-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  writeFileSync(join(guides, 'w.md'), GUIDE);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(guides, name), text);
  const reports: BuildReport[] = [];
  const errors: unknown[] = [];
  const handle = watchBuild(
    { guidesDir: guides, outDir: join(root, 'out') },
    { dirs: [guides], debounceMs: 50, onReport: (r) => reports.push(r), onError: (e) => errors.push(e) },
  );
  return { root, guides, reports, errors, handle };
}

describe('watch', () => {
  it('builds, then rebuilds the changed guide after a save, and survives a broken guide', async () => {
    const { guides, reports, errors, handle } = startWatch();
    try {
      const first = await nextReport(reports, 1);
      expect(first.guides[0]?.status).toBe('built');

      writeFileSync(join(guides, 'w.md'), `${GUIDE}\n## "What else?"\n\nNothing.\n`);
      const second = await nextReport(reports, 2);
      expect(second.guides[0]?.status).toBe('built');
      expect(second.guides[0]?.changes.added).toEqual(['What else?']);

      writeFileSync(join(guides, 'w.md'), Buffer.from([0, 0, 0xff]));
      const third = await nextReport(reports, 3);
      expect(third.guides[0]?.status).toBe('failed');
      expect(third.ok).toBe(false);

      writeFileSync(join(guides, 'w.md'), GUIDE);
      const fourth = await nextReport(reports, 4);
      expect(fourth.guides[0]?.changes.removed).toEqual(['What else?']);
      expect(errors).toEqual([]);
    } finally {
      handle.close();
      await handle.idle();
    }
  });

  it('keeps watching a guides folder that was moved away and made again', async () => {
    const { root, guides, reports, errors, handle } = startWatch();
    try {
      await nextReport(reports, 1);
      renameSync(guides, join(root, 'guides.old'));
      mkdirSync(guides);
      writeFileSync(join(guides, 'w.md'), `${GUIDE}\n## "What else?"\n\nNothing.\n`);
      const rebuilt = await nextReport(reports, 2);
      expect(rebuilt.guides[0]?.changes.added).toEqual(['What else?']);
      // And the new folder is the one watched from now on.
      writeFileSync(join(guides, 'w.md'), GUIDE);
      const again = await nextReport(reports, 3);
      expect(again.guides[0]?.changes.removed).toEqual(['What else?']);
      expect(errors).toEqual([]);
    } finally {
      handle.close();
      await handle.idle();
    }
  });

  it('does not rebuild for a change to a file .studypackignore excludes, and rebuilds when the ignore file changes', async () => {
    const { guides, reports, errors, handle } = startWatch({ '.studypackignore': 'notes.md\n' });
    try {
      const first = await nextReport(reports, 1);
      expect(first.guides.map((g) => g.slug)).toEqual(['w']);
      const settled = reports.length;
      writeFileSync(join(guides, 'notes.md'), GUIDE.replace('watch', 'take notes'));
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(reports.length).toBe(settled);

      writeFileSync(join(guides, '.studypackignore'), '# notes.md is a guide now\n');
      const rebuilt = await nextReport(reports, settled + 1);
      expect(rebuilt.guides.map((g) => [g.slug, g.status])).toEqual([
        ['notes', 'built'],
        ['w', 'unchanged'],
      ]);
      expect(errors).toEqual([]);
    } finally {
      handle.close();
      await handle.idle();
    }
  });
});
