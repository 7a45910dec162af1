// The slug a guide asks for in its front matter is read as YAML, the way the rest of the front
// matter is: comments, block scalars, quotes and long front matter all give the slug written.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';

const BODY = '# Atlas\n\n## "Why a search engine?"\n\nBecause grep does not scale.\n';

/** Builds one guide, `notes.md`, with `front` as its front matter; its report. */
async function buildWith(front: string, command: 'build' | 'check' = 'build') {
  const root = mkdtempSync(join(tmpdir(), 'studypack-fm-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  writeFileSync(join(guides, 'notes.md'), `---\n${front}\n---\n${BODY}`);
  const report = await build({
    guidesDir: guides,
    outDir: join(root, 'out'),
    jobs: 1,
    checkOnly: command === 'check',
  });
  const [guide] = report.guides;
  if (!guide) throw new Error('no guide was built');
  return guide;
}

describe('a front-matter slug', () => {
  it('ends where YAML ends it, before a comment, as in the README', async () => {
    expect((await buildWith('slug: atlas   # the folder name under out/')).slug).toBe('atlas');
  });

  it('is read from a block scalar, from quotes holding a quote, and from a number', async () => {
    expect((await buildWith('slug: >-\n  atlas\n  search')).slug).toBe('atlas-search');
    expect((await buildWith(`slug: "it's"`)).slug).toBe('it-s');
    expect((await buildWith(`slug: 'o''clock'`)).slug).toBe('o-clock');
    expect((await buildWith('slug: 2024')).slug).toBe('2024');
  });

  it('is read after any length of front matter', async () => {
    const notes = Array.from({ length: 200 }, (_, k) => `note${k}: ${'x'.repeat(30)}`).join('\n');
    expect((await buildWith(`${notes}\nslug: atlas`)).slug).toBe('atlas');
  });

  it('is ignored, as the warning says, when the front matter is not valid YAML', async () => {
    const guide = await buildWith('slug: atlas\nslug: zeus');
    expect(guide.slug).toBe('notes');
    expect(guide.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'front-matter-invalid', message: expect.stringMatching(/ignored/) }),
    );
  });

  it('gives check the slug build gives', async () => {
    expect((await buildWith('slug: atlas # a comment', 'check')).slug).toBe('atlas');
  });

  it('is said to be ignored when it is not text', async () => {
    const guide = await buildWith('slug: [a, b]');
    expect(guide.slug).toBe('notes');
    expect(guide.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'front-matter-invalid', message: expect.stringMatching(/slug/) }),
    );
  });
});
