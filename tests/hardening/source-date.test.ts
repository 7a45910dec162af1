// SOURCE_DATE_EPOCH dates every PDF, so it is part of what a pack depends on: setting it after a
// build rebuilds, and leaves out/ as a clean build with it would.
import { beforeAll, describe, expect, it } from 'vitest';
import { changedPaths, ensureDist, goodGuide, runCli, snapshot, workspace } from './helpers.js';

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

describe('SOURCE_DATE_EPOCH', () => {
  it('rebuilds when it is set after a build, to the bytes of a clean build with it', async () => {
    const guides = { 'one.md': goodGuide('One'), 'two.md': goodGuide('Two') };
    const ws = workspace(guides);
    const unset = { SOURCE_DATE_EPOCH: '' };
    const dated = { SOURCE_DATE_EPOCH: '1700000000' };
    expect((await runCli(['build', '--jobs', '1'], ws.root, unset)).code).toBe(0);
    const second = await runCli(['build', '--jobs', '1'], ws.root, dated);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/2 built/);

    const clean = workspace(guides);
    expect((await runCli(['build', '--jobs', '1'], clean.root, dated)).code).toBe(0);
    expect(changedPaths(snapshot(clean.out), snapshot(ws.out))).toEqual([]);
  });

  it('changes nothing when unset, empty or 0, all of which mean 1 January 1970', async () => {
    const ws = workspace({ 'one.md': goodGuide('One') });
    expect((await runCli(['build', '--jobs', '1'], ws.root, { SOURCE_DATE_EPOCH: '' })).code).toBe(0);
    const again = await runCli(['build', '--jobs', '1'], ws.root, { SOURCE_DATE_EPOCH: '0' });
    expect(again.stderr).toMatch(/0 built, 1 unchanged/);
  });
});
