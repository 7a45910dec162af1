// Slugs: each guide keeps its slug, and so its Anki ids, whatever other guides come and go and in
// whatever order the files are named.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignSlugs, guideFiles } from '../../src/build/guides.js';
import { build } from '../../src/build/index.js';

const slugsOf = (files: { display: string; slug: string }[]) =>
  Object.fromEntries(files.map((f) => [f.display, f.slug]));

describe('assignSlugs', () => {
  it('gives two guides of the same name the same slugs in any order', () => {
    const forward = slugsOf(assignSlugs(guideFiles(['/w/a/demo.md', '/w/b/demo.md'], '/w')));
    const backward = slugsOf(assignSlugs(guideFiles(['/w/b/demo.md', '/w/a/demo.md'], '/w')));
    expect(backward).toEqual(forward);
    expect(forward['a/demo.md']).toBe('demo');
    expect(forward['b/demo.md']).toMatch(/^demo-/);
  });

  it('leaves a slug with the guide the lock file names for it', () => {
    const files = assignSlugs(guideFiles(['/w/a/demo.md', '/w/b/demo.md'], '/w'), {
      owners: { demo: { file: 'b/demo.md', asked: 'demo' } },
      keyOf: (path) => relative('/w', path),
      exists: () => false,
    });
    expect(slugsOf(files)['b/demo.md']).toBe('demo');
    expect(slugsOf(files)['a/demo.md']).toMatch(/^demo-/);
  });

  it('keeps a suffixed slug while the guide asks for what it asked for then', () => {
    const ownership = {
      owners: { 'demo-x': { file: 'a/demo.md', asked: 'demo' } },
      keyOf: (path: string) => relative('/w', path),
      exists: () => false,
    };
    expect(slugsOf(assignSlugs(guideFiles(['/w/a/demo.md'], '/w'), ownership))['a/demo.md']).toBe('demo-x');
    const asksOther = guideFiles(['/w/a/demo.md'], '/w', () => 'atlas');
    expect(slugsOf(assignSlugs(asksOther, ownership))['a/demo.md']).toBe('atlas');
  });

  it('leaves the slug of a guide outside this build with it while its file is there', () => {
    const ownership = {
      owners: { demo: { file: 'b/demo.md', asked: 'demo' } },
      keyOf: (path: string) => relative('/w', path),
      exists: (key: string) => key === 'b/demo.md',
    };
    expect(slugsOf(assignSlugs(guideFiles(['/w/a/demo.md'], '/w'), ownership))['a/demo.md']).toMatch(
      /^demo-/,
    );
    const gone = { ...ownership, exists: () => false };
    expect(slugsOf(assignSlugs(guideFiles(['/w/a/demo.md'], '/w'), gone))['a/demo.md']).toBe('demo');
  });
});

/** An empty guides folder and where its packs go. */
function workspace(): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-slug-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  return { guides, out: join(root, 'out') };
}

describe('a new guide asking for a slug that is taken', () => {
  it('does not take the slug, or the ids, of the guide that has it', async () => {
    const { guides, out } = workspace();
    writeFileSync(
      join(guides, 'zeta.md'),
      '---\nslug: atlas\n---\n# Atlas\n\n## Why Kafka?\n\nReplay of the event log.\n',
    );
    await build({ guidesDir: guides, outDir: out });
    const before = JSON.parse(readFileSync(join(out, 'atlas', 'pack.json'), 'utf8'));
    writeFileSync(
      join(guides, 'alpha.md'),
      '---\nslug: atlas\n---\n# Alpha\n\n## Why Redis?\n\nLatency under a millisecond.\n',
    );
    const report = await build({ guidesDir: guides, outDir: out });
    const zeta = report.guides.find((g) => g.file.endsWith('zeta.md'));
    const alpha = report.guides.find((g) => g.file.endsWith('alpha.md'));
    expect(zeta).toMatchObject({ slug: 'atlas', status: 'unchanged' });
    expect(alpha?.slug).toMatch(/^atlas-/);
    expect(alpha?.diagnostics.map((d) => d.ruleId)).toContain('slug-collision');
    expect(JSON.parse(readFileSync(join(out, 'atlas', 'pack.json'), 'utf8')).entries).toEqual(before.entries);
  });
});

describe('a renamed guide', () => {
  it('is recognized, and the warning says how to keep its Anki notes', async () => {
    const { guides, out } = workspace();
    const text = '# Demo\n\n## Why Kafka?\n\nReplay.\n\n## Why Redis?\n\nSpeed.\n';
    writeFileSync(join(guides, 'demo.md'), text);
    await build({ guidesDir: guides, outDir: out });
    renameSync(join(guides, 'demo.md'), join(guides, 'demo-app.md'));
    writeFileSync(join(guides, 'other.md'), '# Other\n\n## Why Go?\n\nSmall binaries.\n');
    const report = await build({ guidesDir: guides, outDir: out });
    const warnings = report.diagnostics.filter((d) => d.ruleId === 'renamed-guide');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.file).toMatch(/demo-app\.md$/);
    expect(warnings[0]?.message).toMatch(/put "slug: demo" in its front matter/);
    expect(report.orphans).toEqual([{ slug: 'demo', removed: false }]);
    // Doing what it says gives the notes their old ids back.
    const ids = (slug: string) =>
      JSON.parse(readFileSync(join(out, slug, 'pack.json'), 'utf8')).entries.map((e: { id: string }) => e.id);
    const first = ids('demo');
    expect(ids('demo-app')).not.toEqual(first);
    writeFileSync(join(guides, 'demo-app.md'), `---\nslug: demo\n---\n${text}`);
    await build({ guidesDir: guides, outDir: out, prune: true });
    expect(ids('demo')).toEqual(first);
  });
});
