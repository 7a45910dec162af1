// Which guide has a slug is written in the lock file, committed with the guides: a slug, and so
// every Anki id of its guide, stays with that guide whatever other guides come and go, in
// whatever order, and whether or not out/ is there.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';

/** A guide of `n` questions about `topic`. */
function guide(topic: string, n = 11): string {
  const questions = Array.from(
    { length: n },
    (_, k) => `## "How does ${topic} handle case ${k + 1}?"\n\nIt handles case ${k + 1} of ${topic} well.\n`,
  );
  return `# ${topic}\n\n${questions.join('\n')}`;
}

function workspace(): { root: string; guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-owner-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  return { root, guides, out: join(root, 'out') };
}

type Ws = ReturnType<typeof workspace>;

/** The slug and ids the last build gave the guide `name`. */
async function built(ws: Ws, name: string, files?: string[]): Promise<{ slug: string; ids: string[] }> {
  const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1, ...(files ? { files } : {}) });
  const slug = report.guides.find((g) => g.file.split('/').at(-1) === name)?.slug ?? '';
  const pack = JSON.parse(readFileSync(join(ws.out, slug, 'pack.json'), 'utf8'));
  return { slug, ids: pack.entries.map((e: { id: string }) => e.id) };
}

describe('slug ownership', () => {
  it('keeps all ids of a guide when the other guide of its slug is deleted', async () => {
    const ws = workspace();
    writeFileSync(join(ws.guides, 'my-guide.md'), guide('Alpha'));
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta'));
    const before = await built(ws, 'My Guide.md');
    expect(before.slug).toMatch(/^my-guide-/);
    expect(before.ids).toHaveLength(11);
    rmSync(join(ws.guides, 'my-guide.md'));
    expect(await built(ws, 'My Guide.md')).toEqual(before);
    // Nor when out/ is gone too.
    rmSync(ws.out, { recursive: true });
    expect(await built(ws, 'My Guide.md')).toEqual(before);
  });

  it('keeps the slug with the guide that had it when out/ is deleted and a guide of its slug comes', async () => {
    const ws = workspace();
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta'));
    const before = await built(ws, 'My Guide.md');
    expect(before.slug).toBe('my-guide');
    writeFileSync(join(ws.guides, 'my-guide.md'), guide('Alpha'));
    rmSync(ws.out, { recursive: true });
    expect(await built(ws, 'My Guide.md')).toEqual(before);
    expect((await built(ws, 'my-guide.md')).slug).toMatch(/^my-guide-/);
  });

  it('gives a guide named on the command line the slug the lock gives it, not the one free in that build', async () => {
    const ws = workspace();
    writeFileSync(join(ws.guides, 'my-guide.md'), guide('Alpha'));
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta'));
    const both = { mine: await built(ws, 'my-guide.md'), other: await built(ws, 'My Guide.md') };
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta', 12));
    const named = await built(ws, 'My Guide.md', [join(ws.guides, 'My Guide.md')]);
    expect(named.slug).toBe(both.other.slug);
    expect(named.ids.slice(0, 11)).toEqual(both.other.ids);
    // The other guide's pack is as it was.
    expect(await built(ws, 'my-guide.md')).toEqual(both.mine);
  });

  it('writes which guide has each slug into the lock file', async () => {
    const ws = workspace();
    writeFileSync(join(ws.guides, 'my-guide.md'), guide('Alpha', 1));
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta', 1));
    const other = await built(ws, 'My Guide.md');
    const lock = JSON.parse(readFileSync(join(ws.guides, 'studypack.lock.json'), 'utf8'));
    expect(lock.slugs).toEqual({
      'my-guide': { file: 'my-guide.md', asked: 'my-guide' },
      [other.slug]: { file: 'My Guide.md', asked: 'my-guide' },
    });
  });

  it('follows the last build for a slug the lock names no owner for, as in a lock from before owners', async () => {
    const ws = workspace();
    writeFileSync(join(ws.guides, 'My Guide.md'), guide('Beta'));
    const before = await built(ws, 'My Guide.md');
    const path = join(ws.guides, 'studypack.lock.json');
    const { slugs: _, ...older } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(older));
    writeFileSync(join(ws.guides, 'my-guide.md'), guide('Alpha'));
    expect(await built(ws, 'My Guide.md')).toEqual(before);
    expect(JSON.parse(readFileSync(path, 'utf8')).slugs['my-guide']).toEqual({
      file: 'My Guide.md',
      asked: 'my-guide',
    });
  });
});
