// One guide's failure never stops the others, even when a stage throws where it should not: a
// bug in a recognizer or a renderer, simulated here for the guides whose names say "boom".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build/index.js';
import { goodGuide, snapshot, workspace } from './helpers.js';

vi.mock('../../src/build/pack.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/build/pack.js')>();
  return {
    ...original,
    packFromBytes: (...args: Parameters<typeof original.packFromBytes>) => {
      if (args[1].file.includes('boom-read')) throw new RangeError('Maximum call stack size exceeded');
      return original.packFromBytes(...args);
    },
  };
});

vi.mock('../../src/build/render.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/build/render.js')>();
  return {
    ...original,
    renderPack: (...args: Parameters<typeof original.renderPack>) =>
      args[0].project.slug.includes('boom-render')
        ? Promise.reject(new Error('a bug in the layout'))
        : original.renderPack(...args),
  };
});

describe('isolation of guides', () => {
  it('reports a guide whose rendering throws as failed, keeps its last good outputs, and builds the others', async () => {
    const ws = workspace({ 'a.md': goodGuide('A'), 'boom-render.md': goodGuide('Boom') });
    await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const before = snapshot(join(ws.out, 'boom-render'));
    ws.write('a.md', goodGuide('A', ' Edited.'));
    ws.write('boom-render.md', goodGuide('Boom', ' Edited.'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.map((g) => [g.slug, g.status])).toEqual([
      ['a', 'built'],
      ['boom-render', 'failed'],
    ]);
    expect(report.guides[1]?.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'render-failed' }),
    );
    expect(snapshot(join(ws.out, 'boom-render'))).toEqual(before);
    expect(readFileSync(join(ws.out, 'a', 'pack.json'), 'utf8')).toContain('Edited.');
  });

  // Since the build moved reading into the guide job, an exception from read, parse, extract or
  // normalize (such as the stack overflows 10,000 nested blockquotes caused) fails that guide alone.
  it('reports a guide whose reading throws as failed, and builds the others', async () => {
    const ws = workspace({ 'a.md': goodGuide('A'), 'boom-read.md': goodGuide('Boom') });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.map((g) => [g.slug, g.status])).toEqual([
      ['a', 'built'],
      ['boom-read', 'failed'],
    ]);
  });
});
