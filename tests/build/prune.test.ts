// --prune removes what studypack wrote for a guide that is gone and nothing else: the files the
// manifest lists, then their folder once it is empty; and out/ can never be where the guides are.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';

const guide = (title: string) =>
  `# ${title}\n\n## "Why is this guide here?"\n\nTo be built, renamed and pruned.\n`;

/** A folder with guides/ holding `files`; out/ is wherever the test says. */
function workspace(files: Record<string, string>): { root: string; guides: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-prune-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(guides, name), text);
  return { root, guides };
}

describe('--prune', () => {
  it('removes the files of a renamed guide and keeps the files it did not write beside them', async () => {
    const { root, guides } = workspace({ 'assets.md': guide('Assets') });
    const site = join(root, 'site');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'assets', 'logo.png'), 'the site logo');
    await build({ guidesDir: guides, outDir: site, jobs: 1 });
    expect(existsSync(join(site, 'assets', 'pack.json'))).toBe(true);
    renameSync(join(guides, 'assets.md'), join(guides, 'brand.md'));
    const report = await build({ guidesDir: guides, outDir: site, prune: true, jobs: 1 });
    expect(report.orphans).toEqual([{ slug: 'assets', removed: true }]);
    expect(readdirSync(join(site, 'assets'))).toEqual(['logo.png']);
    expect(readFileSync(join(site, 'assets', 'logo.png'), 'utf8')).toBe('the site logo');
  });

  it('removes the folder of a pruned pack once nothing else is in it', async () => {
    const { root, guides } = workspace({ 'alpha.md': guide('Alpha'), 'beta.md': guide('Beta') });
    const out = join(root, 'out');
    await build({ guidesDir: guides, outDir: out, jobs: 1 });
    mkdirSync(join(out, 'beta', 'notes'));
    renameSync(join(guides, 'beta.md'), join(root, 'beta.md'));
    await build({ guidesDir: guides, outDir: out, prune: true, jobs: 1 });
    // A folder of the user's inside the pack's folder keeps it.
    expect(readdirSync(join(out, 'beta'))).toEqual(['notes']);
  });
});

describe('an out folder where the guides are', () => {
  it('is refused when it holds the guides folder, before anything is written or removed', async () => {
    const { root, guides } = workspace({ 'guides.md': guide('Guides') });
    await expect(build({ guidesDir: guides, outDir: root, jobs: 1 })).rejects.toThrow(
      /--out ".*" holds the guides folder/,
    );
    await expect(build({ guidesDir: guides, outDir: root, prune: true, jobs: 1 })).rejects.toThrow(
      /holds the guides folder/,
    );
    expect(readdirSync(guides)).toEqual(['guides.md']);
    expect(readdirSync(root)).toEqual(['guides']);
  });

  it('is refused when it is the guides folder, or the folder of a guide named on the command line', async () => {
    const { root, guides } = workspace({ 'alpha.md': guide('Alpha') });
    await expect(build({ guidesDir: guides, outDir: guides, jobs: 1 })).rejects.toThrow(
      /--out ".*" is the guides folder/,
    );
    const notes = join(root, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'beta.md'), guide('Beta'));
    await expect(
      build({ guidesDir: join(root, 'none'), outDir: root, files: [join(notes, 'beta.md')], jobs: 1 }),
    ).rejects.toThrow(/holds the guides folder/);
    expect(readdirSync(guides)).toEqual(['alpha.md']);
  });
});

/** A folder outside out/ holding files with the names of a pack's: no build may touch them. */
function victim(root: string): string {
  const dir = join(root, 'victim');
  mkdirSync(dir);
  for (const name of ['pack.json', 'keep.txt']) writeFileSync(join(dir, name), `${name} of the user`);
  return dir;
}

type ManifestGuides = Record<string, { outputs: string[] }>;

/**
 * Builds alpha and beta into root/out/, with root/victim/ beside it; lets `edit` change the
 * manifest's records and out/; deletes beta's guide and prunes. Returns what root/victim/ holds.
 */
async function pruneWith(
  edit: (guides: ManifestGuides, out: string, victim: string) => void,
): Promise<string[]> {
  const { root, guides } = workspace({ 'alpha.md': guide('Alpha'), 'beta.md': guide('Beta') });
  const out = join(root, 'out');
  await build({ guidesDir: guides, outDir: out, jobs: 1 });
  const path = join(out, MANIFEST_NAME);
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const target = victim(root);
  edit(manifest.guides, out, target);
  writeFileSync(path, JSON.stringify(manifest));
  rmSync(join(guides, 'beta.md'));
  await build({ guidesDir: guides, outDir: out, prune: true, jobs: 1 });
  return readdirSync(target).sort();
}

describe('a manifest that names paths', () => {
  it('never makes --prune remove a folder outside out/ that a manifest key points at', async () => {
    const left = await pruneWith((guides) => {
      guides['../victim'] = { ...(guides.beta as { outputs: string[] }), outputs: ['pack.json', 'keep.txt'] };
    });
    expect(left).toEqual(['keep.txt', 'pack.json']);
  });

  it('never makes --prune remove a file outside out/ that an output name points at', async () => {
    const left = await pruneWith((guides) => {
      guides.beta?.outputs.push('../../victim/keep.txt', '../../victim/pack.json');
    });
    expect(left).toEqual(['keep.txt', 'pack.json']);
  });

  it('never makes --prune remove files through a pack folder that is a link out of out/', async () => {
    const left = await pruneWith((_, out, target) => {
      rmSync(join(out, 'beta'), { recursive: true });
      symlinkSync(target, join(out, 'beta'));
    });
    expect(left).toEqual(['keep.txt', 'pack.json']);
  });
});
