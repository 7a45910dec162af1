// Promise 1: a bad guide gets a clear diagnostic (file, line, what was expected), never a stack
// trace; it never stops the other guides and never replaces its own last good outputs.
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type GuideReport } from '../../src/build/index.js';
import { packFromBytes } from '../../src/build/pack.js';
import { MAX_GUIDE_BYTES, MAX_NESTING } from '../../src/read/limits.js';
import { validatePack } from '../../src/schema.js';
import { goodGuide, hasStackTrace, snapshot, workspace } from './helpers.js';

/** Bytes from a fixed seed: the same "random" file on every run. */
function seededBytes(n: number, seed: number, from = 0, to = 255): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let k = 0; k < n; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[k] = from + ((x >>> 24) % (to - from + 1));
  }
  return out;
}

const QUESTION = '# Deep\n\n## "Why so deep?"\n\n';

/** Guides that must be refused, each with the rule and line its error names. */
const REFUSED: { name: string; bytes: () => Uint8Array; rule: string; line: number; says: RegExp }[] = [
  {
    name: 'binary.md',
    bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
    rule: 'binary-file',
    line: 1,
    says: /NUL bytes: expected Markdown text/,
  },
  {
    name: 'random.md',
    bytes: () => seededBytes(64 * 1024, 7),
    rule: 'binary-file',
    line: 1,
    says: /expected Markdown text/,
  },
  {
    name: 'random-no-nul.md',
    bytes: () => seededBytes(64 * 1024, 11, 1, 255),
    rule: 'binary-file',
    line: 1,
    says: /not UTF-8 text/,
  },
  { name: 'empty.md', bytes: () => new Uint8Array(0), rule: 'empty-guide', line: 1, says: /is empty/ },
  {
    name: 'blank.md',
    bytes: () => Buffer.from('\uFEFF\n \r\n\t\n'),
    rule: 'empty-guide',
    line: 1,
    says: /only blank lines/,
  },
  {
    name: 'nul-inside.md',
    bytes: () => Buffer.concat([Buffer.from(goodGuide()), Buffer.from([0]), Buffer.from('more text\n')]),
    rule: 'binary-file',
    line: 1,
    says: /NUL bytes/,
  },
  {
    name: 'utf16.md',
    bytes: () => Buffer.from(`\uFEFF${goodGuide()}`, 'utf16le'),
    rule: 'binary-file',
    line: 1,
    says: /UTF-16 text: save it as UTF-8/,
  },
  {
    name: 'twenty-mb.md',
    bytes: () => Buffer.from(goodGuide('Huge', '\n\nMore words to fill the answer.'.repeat(700_000))),
    rule: 'too-large',
    line: 1,
    says: new RegExp(`is 2\\d\\.\\d MB; a guide may be at most ${MAX_GUIDE_BYTES / 1024 / 1024} MB`),
  },
  {
    name: 'quotes-10000.md',
    bytes: () => Buffer.from(`${QUESTION}${'>'.repeat(10_000)} deep\n`),
    rule: 'too-deep',
    line: 5,
    says: /Line 5 nests 10000 blockquotes or lists; at most 100 levels/,
  },
  {
    name: 'lists-10000.md',
    bytes: () => Buffer.from(`${QUESTION}${'- '.repeat(10_000)}item\n`),
    rule: 'too-deep',
    line: 5,
    says: /Line 5 nests 10000 blockquotes or lists/,
  },
  {
    name: 'ordered-10000.md',
    bytes: () => Buffer.from(`${QUESTION}${'1. '.repeat(10_000)}item\n`),
    rule: 'too-deep',
    line: 5,
    says: /Line 5 nests 10000/,
  },
  {
    name: 'indented-150.md',
    bytes: () =>
      Buffer.from(
        `${QUESTION}${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
      ),
    rule: 'too-deep',
    line: 105,
    says: /more than 100 levels deep; the deeper levels were read as plain text/,
  },
  {
    name: 'indented-1000.md',
    bytes: () =>
      Buffer.from(
        `${QUESTION}${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
      ),
    rule: 'too-deep',
    line: 205,
    says: /Line 205 starts a list or blockquote 400 columns in, deeper than the 100 levels/,
  },
  {
    name: 'emphasis-300.md',
    bytes: () => Buffer.from(`${QUESTION}${'*'.repeat(300)}x${'*'.repeat(300)}\n`),
    rule: 'too-deep',
    line: 5,
    says: /more than 100 levels deep/,
  },
];

/** A guide that turned into one without questions: skipped with this warning, never refused. */
const NO_QUESTIONS = {
  name: 'no-questions.md',
  bytes: () => Buffer.from('# Notes\n\n## Architecture\n\nJust prose.\n'),
  rule: 'no-questions',
  line: 1,
  says: /expected headings or bold lines that end in "\?"/,
};

function guideReport(reports: GuideReport[], name: string): GuideReport {
  const found = reports.find((g) => g.file === name || g.file.endsWith(`/${name}`));
  if (!found) throw new Error(`no report for ${name}`);
  return found;
}

describe('bad guides', () => {
  it('refuses each bad guide with an error naming file, line and what was expected, skips one without questions, builds the good one, and keeps every last good output', async () => {
    const ws = workspace({ 'good.md': goodGuide('Good') });
    REFUSED.forEach((c, k) => {
      ws.write(c.name, goodGuide(`Was good ${k}`));
    });
    const first = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(first.guides.map((g) => g.status)).toEqual(first.guides.map(() => 'built'));
    const before = snapshot(ws.out);

    for (const c of [...REFUSED, NO_QUESTIONS]) ws.write(c.name, c.bytes());
    ws.write('good.md', goodGuide('Good', ' Edited.'));
    const second = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const after = snapshot(ws.out);

    expect(second.ok).toBe(false);
    expect(guideReport(second.guides, 'good.md').status).toBe('built');
    for (const c of REFUSED) {
      const g = guideReport(second.guides, c.name);
      expect(g.status, c.name).toBe('failed');
      const error = g.diagnostics.find((d) => d.severity === 'error');
      expect(error, c.name).toMatchObject({ ruleId: c.rule, line: c.line, file: g.file });
      expect(error?.message, c.name).toMatch(c.says);
      expect(hasStackTrace(error?.message ?? ''), c.name).toBe(false);
      for (const [path, hash] of before) {
        if (path.startsWith(`${g.slug}/`)) expect(after.get(path), `${c.name}: ${path}`).toBe(hash);
      }
    }

    // A guide without questions is no error: it is skipped with a warning, its pack kept as it was.
    const skipped = guideReport(second.guides, NO_QUESTIONS.name);
    expect(skipped.status).toBe('skipped');
    expect(skipped.diagnostics.some((d) => d.severity === 'error')).toBe(false);
    const warning = skipped.diagnostics.find((d) => d.ruleId === NO_QUESTIONS.rule);
    expect(warning).toMatchObject({ severity: 'warning', line: NO_QUESTIONS.line, file: skipped.file });
    expect(warning?.message).toMatch(NO_QUESTIONS.says);
    expect(hasStackTrace(warning?.message ?? '')).toBe(false);
    for (const [path, hash] of before) {
      if (path.startsWith(`${skipped.slug}/`)) expect(after.get(path), path).toBe(hash);
    }
  });

  it('reads 10,000 nested blockquotes and lists, 1,000 indented lists and 2,000-deep emphasis without overflowing the stack, in little time', () => {
    const inputs = {
      quotes: `${QUESTION}${'>'.repeat(10_000)} deep\n`,
      spacedQuotes: `${QUESTION}${'> '.repeat(10_000)}deep\n`,
      lists: `${QUESTION}${'- '.repeat(10_000)}item\n`,
      mixed: `${QUESTION}${'> * '.repeat(5_000)}item\n`,
      emphasis: `${QUESTION}${'*'.repeat(2_000)}x${'*'.repeat(2_000)}\n`,
      indented: `${QUESTION}${Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
      links: `${QUESTION}${'['.repeat(5_000)}x${']'.repeat(5_000)}\n`,
    };
    for (const [name, text] of Object.entries(inputs)) {
      const started = Date.now();
      const { pack, failed } = packFromBytes(Buffer.from(text), { file: `guides/${name}.md` });
      expect(() => validatePack(pack), name).not.toThrow();
      expect(Date.now() - started, name).toBeLessThan(5_000);
      if (name !== 'links') expect(failed, name).toBe(true);
      if (name !== 'links')
        expect(
          pack?.diagnostics.map((d) => d.ruleId),
          name,
        ).toContain('too-deep');
    }
  });

  it('does not take a long thematic break or a deeply indented paragraph for nesting', () => {
    for (const text of [
      `${QUESTION}${'- '.repeat(500)}\n\nAnswer.\n`,
      `${QUESTION}${'* '.repeat(500)}\n\nAnswer.\n`,
      `${QUESTION}Answer.\n\n${' '.repeat(800)}indented prose, not a list\n`,
    ]) {
      const { pack, failed } = packFromBytes(Buffer.from(text), { file: 'guides/flat.md' });
      expect(failed, text.slice(0, 80)).toBe(false);
      expect(pack?.diagnostics.map((d) => d.ruleId)).not.toContain('too-deep');
    }
  });

  it(`builds guides nested just under the limit of ${MAX_NESTING} levels, through every renderer`, async () => {
    const ws = workspace({
      'quotes.md': `${QUESTION}${'>'.repeat(MAX_NESTING - 1)} deep answer\n`,
      'lists.md': `${QUESTION}${'- '.repeat(MAX_NESTING - 1)}deep item\n`,
      'indented.md': `${QUESTION}${Array.from({ length: MAX_NESTING - 1 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
    });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.map((g) => [g.file.split('/').pop(), g.status])).toEqual([
      ['indented.md', 'built'],
      ['lists.md', 'built'],
      ['quotes.md', 'built'],
    ]);
    expect(readFileSync(join(ws.out, 'lists', 'lists.anki.csv'), 'utf8')).toContain('deep item');
  });
});

describe('unusual but readable guides', () => {
  it('builds CRLF, CR and mixed line endings into the same answer as LF', () => {
    const lf = '# Mixed\n\n## "How do lines end?"\n\nFirst line\nsecond line.\n\n## "And then?"\n\nDone.\n';
    const variants = {
      crlf: lf.replace(/\n/g, '\r\n'),
      cr: lf.replace(/\n/g, '\r'),
      mixed:
        '# Mixed\r\n\r## "How do lines end?"\n\r\nFirst line\rsecond line.\r\n\n## "And then?"\r\rDone.\n',
    };
    const want = packFromBytes(Buffer.from(lf), { file: 'guides/m.md' }).pack?.entries;
    for (const [name, text] of Object.entries(variants)) {
      const got = packFromBytes(Buffer.from(text), { file: 'guides/m.md' }).pack?.entries;
      expect(got, name).toEqual(want);
    }
  });

  it('reads invalid UTF-8 in the middle of good text as Windows-1252 and warns at its line and column', () => {
    const bytes = Buffer.concat([
      Buffer.from('# Stray\n\n## "Why these bytes?"\n\nBecause it '),
      Buffer.from([0xc3, 0x28, 0xff, 0x80]),
      Buffer.from(' went wrong.\n'),
    ]);
    const { pack, failed } = packFromBytes(bytes, { file: 'guides/stray.md' });
    expect(failed).toBe(false);
    expect(pack?.entries[0]?.answer).toBe('Because it Ã(ÿ€ went wrong.');
    expect(pack?.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'invalid-utf8', severity: 'warning', line: 5, column: 12 }),
    );
  });

  it('warns about broken or unclosed front matter and still reads the questions', () => {
    for (const front of [
      '---\ntitle: [unclosed\nslug: {{x\n---\n',
      '---\na: &a [1]\nb: *nope\n---\n',
      '---\n- a list\n- not a map\n---\n',
      '---\ntitle: Never closed\nslug: nowhere\n\n',
    ]) {
      const { pack, failed } = packFromBytes(Buffer.from(`${front}${goodGuide()}`), { file: 'guides/fm.md' });
      expect(failed).toBe(false);
      expect(pack?.entries).toHaveLength(1);
      expect(pack?.diagnostics).toContainEqual(
        expect.objectContaining({ ruleId: 'front-matter-invalid', severity: 'warning', line: 1 }),
      );
    }
  });

  it('keeps every character of a 200,000-character line in the answer and builds every output', async () => {
    const line = 'lorem ipsum dolor sit amet, '.repeat(200_000 / 28 + 1).slice(0, 200_000);
    const ws = workspace({ 'long.md': `# Long\n\n## "Why is this line so long?"\n\n${line}\n` });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides[0]?.status).toBe('built');
    const pack = validatePack(JSON.parse(readFileSync(join(ws.out, 'long', 'pack.json'), 'utf8')));
    expect(pack.entries[0]?.answer).toBe(line.trim());
    expect(pack.entries[0]?.gist.length).toBeLessThanOrEqual(230);
  });
});

describe('guide files', () => {
  it('gives guides whose names slugify alike, or ask for a slug another file has, packs of their own', async () => {
    const names = [
      'My Guide.md',
      'my-guide.md',
      'MY_GUIDE.md',
      'Ünïcödé Guide.md',
      'unicode-guide.md',
      '日本語.md',
      '中文.md',
    ];
    const ws = workspace();
    names.forEach((name, k) => {
      ws.write(name, goodGuide(`Project ${k}`));
    });
    ws.write('asks.md', `---\nslug: my-guide\n---\n${goodGuide('Asks')}`);
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.every((g) => g.status === 'built')).toBe(true);
    const slugs = report.guides.map((g) => g.slug);
    expect(new Set(slugs).size).toBe(names.length + 1);
    for (const g of report.guides) {
      const pack = validatePack(JSON.parse(readFileSync(join(ws.out, g.slug, 'pack.json'), 'utf8')));
      // Outputs name the guide without where it was; the report, for people, from here.
      expect(g.file.endsWith(`/${pack.project.source}`) || g.file === pack.project.source).toBe(true);
    }
    expect(guideReport(report.guides, 'my-guide.md').slug).toBe('my-guide');
    const all = readFileSync(join(ws.out, 'all.anki.csv'), 'utf8');
    for (const g of report.guides) expect(all).toContain(`studypack::${g.slug}`);
  });

  it('never gives two guides one slug, even when front matter asks for the suffixed one', async () => {
    const ws = workspace({ 'My Guide.md': goodGuide('First'), 'my-guide.md': goodGuide('Second') });
    const first = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const suffixed = first.guides.find((g) => g.slug !== 'my-guide')?.slug ?? '';
    ws.write('third.md', `---\nslug: ${suffixed}\n---\n${goodGuide('Third')}`);
    const second = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(new Set(second.guides.map((g) => g.slug)).size).toBe(3);
  });

  it('follows a guide that links to a file outside the guides folder, writing only the link name into outputs', async () => {
    const ws = workspace({ 'a.md': goodGuide('Inside') });
    writeFileSync(join(ws.root, 'outside.md'), goodGuide('Outside'));
    symlinkSync(join(ws.root, 'outside.md'), join(ws.guides, 'linked.md'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    const linked = report.guides.find((g) => g.slug === 'linked');
    expect(linked?.status).toBe('built');
    for (const [path, kind] of snapshot(ws.out)) {
      if (!kind.startsWith('file:')) continue;
      const text = readFileSync(join(ws.out, path)).toString('latin1');
      expect(text, path).not.toContain(ws.root);
      expect(text, path).not.toContain('outside.md');
    }
  });

  // A link that leaves the guides folder is followed (people keep a guide in its project's
  // repository and link it in), and said.
  it('warns when a guide is a link to a file outside the guides folder', async () => {
    const ws = workspace();
    writeFileSync(join(ws.root, 'outside.md'), goodGuide('Outside'));
    symlinkSync(join(ws.root, 'outside.md'), join(ws.guides, 'linked.md'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides[0]?.diagnostics.map((d) => d.ruleId)).toContain('guide-outside-folder');
  });

  it('reports a link that points to itself or nowhere as that guide failing to be read, and builds the others', async () => {
    const ws = workspace({ 'good.md': goodGuide() });
    symlinkSync('loop.md', join(ws.guides, 'loop.md'));
    symlinkSync(join(ws.root, 'nowhere.md'), join(ws.guides, 'dangling.md'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides.find((g) => g.slug === 'good')?.status).toBe('built');
    for (const slug of ['loop', 'dangling']) {
      const g = report.guides.find((r) => r.slug === slug);
      expect(g?.status, slug).toBe('failed');
      expect(g?.diagnostics[0]?.ruleId, slug).toBe('read-failed');
      expect(g?.diagnostics[0]?.message, slug).toMatch(/could not be read: (ELOOP|ENOENT)/);
    }
  });

  it('reports a named guide that does not exist as a read error, and builds the others', async () => {
    const ws = workspace({ 'good.md': goodGuide() });
    const report = await build({
      guidesDir: ws.guides,
      outDir: ws.out,
      files: [join(ws.guides, 'good.md'), join(ws.guides, 'gone.md')],
      jobs: 1,
    });
    const gone = report.guides.find((g) => g.file.endsWith('gone.md'));
    expect(gone?.status).toBe('failed');
    expect(gone?.diagnostics[0]).toMatchObject({ ruleId: 'read-failed', severity: 'error' });
    expect(gone?.diagnostics[0]?.message).toMatch(/could not be read: ENOENT/);
    expect(report.guides.find((g) => g.file.endsWith('good.md'))?.status).toBe('built');
    expect(existsSync(join(ws.out, 'gone'))).toBe(false);
  });
});
