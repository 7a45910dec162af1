// Promise 4: guide text never becomes live HTML on a card, templates never evaluate it, slugs
// never leave out/, and a build writes nothing but out/ and the identity file.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { packFromBytes } from '../../src/build/pack.js';
import { slugify } from '../../src/normalize/slug.js';
import { markdownToHtml } from '../../src/render/html.js';
import { renderSummary } from '../../src/render/summary.js';
import { pdftotext } from '../render/pdf-factory.js';
import { changedPaths, ensureDist, goodGuide, readAnkiCsv, runCli, snapshot, workspace } from './helpers.js';
import { liveHtml } from './html-scan.js';

/** A guide that tries every way we know to put live HTML on a card. */
const HOSTILE = `---
title: Evil <script>alert('t')</script> {{project.slug}}
---
# Evil <img src=x onerror=alert('h1')>

<details><summary>What about <script>alert('summary')</script>?</summary><img src=x onerror=alert('details')></details>

## Setup <style>body{display:none}</style>

### "What runs <script>alert('q')</script> here?"

<script>alert('block')</script>

Text <img src=x onerror=alert('img')> and <svg onload=alert(1)> and <iframe src="https://evil.test"></iframe>.

[click](javascript:alert('link')) [caps](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1))
[entity](&#106;avascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)
<javascript:alert('autolink')> ![pic](javascript:alert('pic')) [ref][r] <a href="javascript:alert(1)">a</a>

[r]: javascript:alert('ref')

Inline <!-- a comment --> and &lt;script&gt;alert('entity')&lt;/script&gt; and [sound:evil.mp3].

<div onclick="alert('div')">
<style>@import url(https://evil.test/x.css);</style>
</div>

<!-- block comment -->

**Key terms:** <b onmouseover=alert(1)>x</b>, {{safeHtml "<script>alert(1)</script>"}}

### "Is {{7*7}} evaluated, or {{{answerHtml}}}, or {{#each keyTerms}}x{{/each}}?"

No: {{project.title}} and {{> partial}} and {{safeHtml question}} stay text.
`;

describe('live HTML', () => {
  let csv: { headers: string[]; rows: string[][] };
  let all: { headers: string[]; rows: string[][] };
  let diagnostics: { ruleId: string; line: number; message: string }[];
  /** The Front and Back of the card whose question starts with `prefix`. */
  const row = (prefix: string): [string, string] => {
    const found = csv.rows.find((r) => r[0]?.startsWith(prefix));
    if (!found) throw new Error(`no card for ${prefix}`);
    return [found[0] ?? '', found[1] ?? ''];
  };

  beforeAll(async () => {
    const ws = workspace({ 'evil.md': HOSTILE });
    const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 1 });
    expect(report.guides[0]?.status).toBe('built');
    diagnostics = report.guides[0]?.diagnostics ?? [];
    csv = readAnkiCsv(readFileSync(join(ws.out, 'evil', 'evil.anki.csv'), 'utf8'));
    all = readAnkiCsv(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8'));
  });

  it('lets no script, event handler, style, comment, frame or unsafe link reach any field of the deck', () => {
    expect(csv.rows.length).toBe(3);
    for (const { rows } of [csv, all]) {
      for (const row of rows) {
        for (const field of row.slice(0, 2)) expect(liveHtml(field), field).toEqual([]);
      }
    }
    const text = csv.rows.flat().join('\n');
    expect(text).not.toMatch(/<(script|style|iframe|svg|!--)/i);
    expect(text).not.toMatch(/<[a-z][^<>]*\son[a-z]+=/i);
  });

  it('shows the hostile text as text, so the author can see what was written', () => {
    const back = row('What runs')[1];
    expect(back).toContain("&lt;script>alert('block')&lt;/script>");
    expect(back).toContain("Text &lt;img src=x onerror=alert('img')>");
    expect(back).toContain('&#91;sound:evil.mp3]');
    expect(row('What runs')[0]).toBe("What runs &lt;script&gt;alert('q')&lt;/script&gt; here?");
    // A <details> summary is read as text with its tags dropped.
    expect(row('What about')[0]).toBe("What about alert('summary')?");
  });

  it('keeps a hostile title to one header line, so it cannot add headers or columns', () => {
    for (const { headers } of [csv, all]) {
      expect(headers).toHaveLength(9);
      expect(headers.filter((h) => h.startsWith('#deck:'))).toHaveLength(headers === csv.headers ? 1 : 0);
    }
    expect(csv.headers).toContain("#deck:Interview Prep::Evil <script>alert('t')</script> {{project.slug}}");
  });

  it('warns about raw HTML in an answer, at its line, and not about comments, code or <details>', () => {
    const warnings = diagnostics.filter((d) => d.ruleId === 'unsafe-html');
    expect(warnings.map((w) => w.line)).toEqual([12]);
    expect(warnings[0]?.message).toMatch(/^Raw HTML <script> and \d+ more tags in the answer to "What runs/);
    const clean = packFromBytes(
      Buffer.from(
        '# Clean\n\n## "Why escape?"\n\nUse `<script>` in code.\n\n<!-- a note -->\n\n```html\n<b>x</b>\n```\n',
      ),
      { file: 'guides/clean.md' },
    );
    expect(clean.pack?.diagnostics.filter((d) => d.ruleId === 'unsafe-html')).toEqual([]);
  });

  it('never evaluates handlebars in guide text: braces reach the card as written', () => {
    const braces = row('Is {{');
    expect(braces[0]).toBe('Is {{7*7}} evaluated, or {{{answerHtml}}}, or {{#each keyTerms}}x{{/each}}?');
    expect(braces[1]).toContain(
      'No: {{project.title}} and {{> partial}} and {{safeHtml question}} stay text.',
    );
    expect(row('What runs')[1]).toContain('{{safeHtml &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;}}');
  });

  it('prints handlebars and markup in guide text literally on the summary card', async () => {
    const { pack } = packFromBytes(Buffer.from(HOSTILE), { file: 'guides/evil.md' });
    if (!pack) throw new Error('no pack');
    const text = pdftotext((await renderSummary(pack)).pdf).replace(/\s+/g, ' ');
    expect(text).toContain('{{project.slug}}');
    expect(text).toContain("Evil <script>alert('t')</script>");
    expect(text).not.toMatch(/&(amp|lt|gt|quot|#x27);/);
  });

  it('renders an answer nested 3,000 levels deep onto a card without overflowing the stack', () => {
    // 3,000 blockquotes overflow mdast-util-to-hast's recursion when nothing cuts the tree.
    const html = markdownToHtml(`${'>'.repeat(3000)} the innermost answer`);
    expect(html).toContain('the innermost answer');
    expect(liveHtml(html)).toEqual([]);
  });
});

/** Slugs that try to leave out/, name a device, or clash with out/'s own files. */
const HOSTILE_SLUGS = [
  '../../escaped',
  '/etc/passwd',
  '..',
  '.',
  'a/../../b',
  'C:\\Windows\\System32',
  '\\\\server\\share',
  '%2e%2e%2f',
  'con',
  'NUL',
  'Aux',
  'com1',
  'COM0',
  'lpt9',
  'LPT0',
  'ｃｏｍ¹',
  'all',
  '.manifest.json',
  '',
  '-',
  'a\u0000b',
  '\u202eevil',
];

const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

describe('slugs', () => {
  it('turns any text into [a-z0-9-] that names no device, no out/ file and no place outside out/', () => {
    const out = resolve('/tmp/out');
    for (const text of HOSTILE_SLUGS) {
      const slug = slugify(text);
      expect(slug, JSON.stringify(text)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug, JSON.stringify(text)).not.toMatch(WINDOWS_DEVICES);
      expect(slug).not.toBe('all');
      expect(resolve(out, slug).startsWith(`${out}${sep}`)).toBe(true);
    }
  });

  it('writes nothing but out/ and the identity file, whatever slugs and file names the guides ask for', async () => {
    expect(ensureDist(), 'dist/cli.js is missing and could not be built').toBe(true);
    const ws = workspace();
    // Every kind of escape once; slugify itself is checked on the whole list above.
    const asked = [
      '../../escaped',
      '/etc/passwd',
      'C:\\Windows\\System32',
      'con',
      'COM0',
      'all',
      '.manifest.json',
      '',
    ];
    asked.forEach((slug, k) => {
      ws.write(`fm-${k}.md`, `---\nslug: "${slug.replace(/\\/g, '\\\\')}"\n---\n${goodGuide(`Slug ${k}`)}`);
    });
    for (const name of ['con.md', 'NUL.md', 'all.md', 'LPT0.md', '...md', '-.md', ' .md', '\u202e.md']) {
      ws.write(name, goodGuide(name));
    }
    const tmp = join(ws.root, 'tmp');
    mkdirSync(tmp);
    const before = snapshot(ws.root);
    const result = await runCli(['build', '--guides', 'guides', '--out', 'out', '-j', '1'], ws.root, {
      TMPDIR: tmp,
    });
    expect(result.code, result.stderr).toBe(0);
    const changed = changedPaths(before, snapshot(ws.root));
    const outside = changed.filter(
      (p) => p !== 'out' && !p.startsWith(`out${sep}`) && p !== 'guides/studypack.lock.json',
    );
    expect(outside).toEqual([]);
    const folders = [...snapshot(ws.out).entries()].filter(([, kind]) => kind === 'dir').map(([p]) => p);
    // One folder per guide but `...md`, which starts with a dot and is skipped like any hidden file.
    expect(folders.length).toBe(asked.length + 8 - 1);
    for (const folder of folders) {
      expect(folder).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(folder).not.toMatch(WINDOWS_DEVICES);
    }
  });
});
