// Bad guides get a diagnostic naming file and line, never stop the other guides, and never
// replace their last good outputs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { packOf } from '../helpers.js';

const GOOD = '# Good\n\n## "Why is this guide fine?"\n\nBecause it has a question and an answer.\n';

function workspace(files: Record<string, string | Buffer>): { guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-bad-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(guides, name), data);
  return { guides, out: join(root, 'out') };
}

describe('bad input', () => {
  it('reports a binary file as an error naming the file, and builds the other guides', async () => {
    const ws = workspace({
      'a-good.md': GOOD,
      'b-binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]),
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    const bad = report.guides.find((g) => g.file.endsWith('b-binary.md'));
    expect(bad?.status).toBe('failed');
    expect(bad?.diagnostics[0]).toMatchObject({ severity: 'error', ruleId: 'binary-file', line: 1 });
    expect(bad?.diagnostics[0]?.file).toMatch(/b-binary\.md$/);
    expect(report.guides.find((g) => g.file.endsWith('a-good.md'))?.status).toBe('built');
    expect(report.ok).toBe(false);
  });

  it('reports an empty file as an error', async () => {
    const ws = workspace({ 'empty.md': '', 'blank.md': '\n  \n\n' });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides.map((g) => g.diagnostics[0]?.ruleId)).toEqual(['empty-guide', 'empty-guide']);
  });

  it('keeps the last good outputs of a guide that turned into garbage', async () => {
    const ws = workspace({ 'guide.md': GOOD });
    expect((await build({ guidesDir: ws.guides, outDir: ws.out })).ok).toBe(true);
    const before = readFileSync(join(ws.out, 'guide', 'pack.json'), 'utf8');
    writeFileSync(join(ws.guides, 'guide.md'), Buffer.from([0, 1, 2, 3, 0xff, 0]));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides[0]?.status).toBe('failed');
    expect(readFileSync(join(ws.out, 'guide', 'pack.json'), 'utf8')).toBe(before);
  });

  it('warns that a guide with headings only has no questions, at line 1', () => {
    const pack = packOf('# Notes\n\n## Architecture\n\n## Database\n', 'guides/headings.md');
    expect(pack.diagnostics).toContainEqual(
      expect.objectContaining({
        ruleId: 'no-questions',
        severity: 'warning',
        file: 'guides/headings.md',
        line: 1,
      }),
    );
  });

  it('warns about an unclosed code fence with its line and keeps the questions before it', () => {
    const md =
      '# X\n\n## "How does it start?"\n\nLike this:\n\n```js\nstart();\n\n## "Is this still code?"\n';
    const pack = packOf(md, 'guides/fence.md');
    expect(pack.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'unclosed-code-fence', line: 7, file: 'guides/fence.md' }),
    );
    expect(pack.entries.map((e) => e.question)).toEqual(['How does it start?']);
  });

  it('accepts CRLF and CR line endings and a BOM', () => {
    const crlf = `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`;
    const cr = GOOD.replace(/\n/g, '\r');
    for (const text of [crlf, cr]) {
      const pack = packOf(text);
      expect(pack.entries.map((e) => e.question)).toEqual(['Why is this guide fine?']);
      expect(pack.entries[0]?.answer).toBe('Because it has a question and an answer.');
    }
  });

  it('reports broken front matter and still reads the guide', () => {
    const pack = packOf(`---\ntitle: [unclosed\n---\n${GOOD}`);
    expect(pack.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'front-matter-invalid', line: 1 }),
    );
    expect(pack.entries).toHaveLength(1);
  });

  it('gives two guides whose names slugify alike two distinct packs', async () => {
    const ws = workspace({ 'My Guide.md': GOOD, 'my-guide.md': GOOD.replace('fine', 'great') });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    const slugs = report.guides.map((g) => g.slug);
    expect(new Set(slugs).size).toBe(2);
    expect(slugs).toContain('my-guide');
    expect(report.guides.find((g) => g.slug !== 'my-guide')?.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'slug-collision' }),
    );
  });
});
