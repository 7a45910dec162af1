// Math, code and images on cards: formulas in Anki's MathJax delimiters, prices left as text,
// code coloured with inline styles that print in grey, images copied under content names.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paragraph } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { collectImages, imageFormat, packMedia } from '../../src/build/media.js';
import { parseFragment } from '../../src/parse/index.js';
import { parseWithPrices } from '../../src/parse/math.js';
import { highlightCode, PALETTE } from '../../src/render/highlight.js';
import { markdownToHtml, textToHtml } from '../../src/render/html.js';
import { packOf } from '../helpers.js';

/** The inline formulas remark-math and the price rule find in one paragraph. */
function formulas(markdown: string): string[] {
  const paragraph = parseFragment(markdown).children[0] as Paragraph;
  return paragraph.children.filter((n): n is InlineMath => n.type === 'inlineMath').map((n) => n.value);
}

describe('math in guides', () => {
  it('reads $…$ and $$…$$ as formulas', () => {
    expect(formulas('Sorting takes $O(n \\log n)$ time, $x$ and $$y^2$$.')).toEqual([
      'O(n \\log n)',
      'x',
      'y^2',
    ]);
    expect(parseFragment('$$\nT(n) = 2T(n/2) + n\n$$').children[0]?.type).toBe('math');
  });

  it('leaves prices as text', () => {
    expect(formulas('It costs $5 and $10 a month.')).toEqual([]);
    expect(formulas('Between $5 and $ 10.')).toEqual([]);
    expect(formulas('Spend $20, then $x$ is the rest.')).toEqual(['x']);
    expect(formulas('A $ 5 $ note.')).toEqual([]);
  });

  it('reads a guide full of prices in one parse', () => {
    const processor = unified().use(remarkParse).use(remarkMath);
    let parses = 0;
    const guide = readFileSync(new URL('../../guides/podscribe.md', import.meta.url), 'utf8');
    expect(guide).toContain('$0.19/hr');
    const tree = parseWithPrices(guide, (text) => {
      parses++;
      return processor.parse(text);
    });
    expect(parses).toBe(1);
    expect(JSON.stringify(tree)).not.toContain('"inlineMath"');
  });

  it('keeps the text of a price paragraph byte for byte', () => {
    const paragraph = parseFragment('Plans: $5 and $10.').children[0] as Paragraph;
    expect(paragraph.children.map((n) => ('value' in n ? n.value : '')).join('')).toBe('Plans: $5 and $10.');
  });

  it('writes formulas on cards in the delimiters Anki renders', () => {
    expect(markdownToHtml('Runs in $O(n)$.')).toBe('<p>Runs in \\(O(n)\\).</p>');
    expect(markdownToHtml('$$\na^2 + b^2 = c^2\n$$')).toBe('<div class="math">\\[a^2 + b^2 = c^2\\]</div>');
    expect(markdownToHtml('Costs $5 and $10.')).toBe('<p>Costs $5 and $10.</p>');
    expect(markdownToHtml('Compare $a < b$.')).toBe('<p>Compare \\(a &lt; b\\).</p>');
  });

  it('keeps a formula in a question and puts it on the front in MathJax delimiters', () => {
    const pack = packOf('# P\n\n## What is $E = mc^2$?\n\nEnergy.\n\n## Why pay $5 and $10?\n\nCost.\n');
    expect(pack.entries.map((e) => e.question)).toEqual(['What is $E = mc^2$?', 'Why pay $5 and $10?']);
    expect(textToHtml('What is $E = mc^2$?')).toBe('What is \\(E = mc^2\\)?');
    expect(textToHtml('Why pay $5 and $10?')).toBe('Why pay $5 and $10?');
  });

  it('keeps a formula in the gist', () => {
    const pack = packOf('# P\n\n## How fast is merge sort?\n\nIt takes $O(n \\log n)$ comparisons.\n');
    expect(pack.entries[0]?.gist).toContain('$O(n \\log n)$');
  });
});

describe('code on cards', () => {
  it('colours code in the fence language with inline styles', () => {
    const html = markdownToHtml('```python\ndef f(x):\n    return x\n```');
    expect(html).toContain('<code class="language-python">');
    expect(html).toContain(`<span style="color:${PALETTE.keyword.color};font-weight:bold">def</span>`);
    expect(html.replace(/<[^>]*>/g, '')).toBe('def f(x):\n    return x\n');
  });

  it('takes the fence language by its alias', () => {
    expect(highlightCode('const a = 1;', 'js').language).toBe('js');
    expect(highlightCode('SELECT 1', 'SQL').language).toBe('sql');
  });

  it('leaves a short unlabelled snippet and an unknown language plain', () => {
    expect(markdownToHtml('```\nx = 1\n```')).toBe('<pre><code>x = 1\n</code></pre>');
    expect(markdownToHtml('```klingon\nqapla\n```')).toBe(
      '<pre><code class="language-klingon">qapla\n</code></pre>',
    );
  });

  it('guesses the language of longer unlabelled code', () => {
    const code =
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfmt.Println(<-ch)\n}\n';
    expect(highlightCode(code, null).language).toBe('go');
    // Nine lines of Python score as Ruby too: no guess is better than a wrong one.
    const python =
      'class Cache:\n    def __init__(self, size):\n        self.size = size\n\n    def get(self, key):\n        return self.items.get(key)\n';
    expect(highlightCode(python, null).language).toBeNull();
  });

  it('never guesses a language for a drawing or a two-line snippet', () => {
    const drawing = 'client ──► api ──► queue\n   │\n   ▼\nworker\n';
    expect(highlightCode(drawing, null).language).toBeNull();
    expect(highlightCode('package main\nfunc main() { println("hi") }\n', null).language).toBeNull();
  });

  it('does not colour raw HTML shown as text', () => {
    const html = markdownToHtml('<div class="x">\n<script>alert(1)</script>\n</div>');
    expect(html).not.toContain('style=');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('splits highlighted code into lines of tokens that keep every character', () => {
    const code = 'const s = "a\nb"; // two\nlet n = 1;';
    const { lines } = highlightCode(code, 'js');
    expect(lines.map((line) => line.map((t) => t.text).join('')).join('\n')).toBe(code);
    expect(lines.flat().some((t) => t.scope === 'comment')).toBe(true);
  });

  it('uses colours that print legibly in grey (contrast ≥ 4.5 against white)', () => {
    const channel = (hex: string, at: number): number => {
      const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    for (const [scope, style] of Object.entries(PALETTE)) {
      const luminance =
        0.2126 * channel(style.color, 1) +
        0.7152 * channel(style.color, 3) +
        0.0722 * channel(style.color, 5);
      expect(1.05 / (luminance + 0.05), scope).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('images on cards', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function guideWithImages(): string {
    dir = mkdtempSync(join(tmpdir(), 'sp-media-'));
    mkdirSync(join(dir, 'guides', 'img'), { recursive: true });
    writeFileSync(join(dir, 'guides', 'img', 'arch.png'), PNG);
    writeFileSync(join(dir, 'guides', 'img', 'notes.png'), 'plain text');
    writeFileSync(
      join(dir, 'guides', 'demo.md'),
      [
        '# Demo',
        '',
        '## What does the system look like?',
        '',
        'Two services.',
        '',
        '![Architecture](img/arch.png)',
        '',
        '![Gone](img/gone.png) ![Notes](img/notes.png) ![Logo](https://example.com/logo.png)',
        '',
      ].join('\n'),
    );
    return dir;
  }

  it('tells images by their first bytes, not their names', () => {
    expect(imageFormat(PNG)).toBe('png');
    expect(imageFormat(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="x"></svg>'))).toBe('svg');
    expect(imageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(imageFormat(Buffer.from('plain text'))).toBeNull();
  });

  it('names each image by its content and warns, with its line, for those it cannot show', () => {
    const root = guideWithImages();
    const path = join(root, 'guides', 'demo.md');
    const markdown = readFileSync(path, 'utf8');
    const pack = packOf(markdown, 'guides/demo.md');
    const media = packMedia(pack, collectImages(parseFragment(markdown)), path);
    const name = media.names.get('img/arch.png') ?? '';
    expect(name).toMatch(/^sp-[0-9a-f]{20}\.png$/);
    expect(media.files.get(name)).toEqual(new Uint8Array(PNG));
    expect(media.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toEqual([
      'image-missing 9:1',
      'image-unsupported 9:23',
      'image-remote 9:47',
    ]);
    const html = markdownToHtml(pack.entries[0]?.answer ?? '', media.names);
    expect(html).toContain(`<img src="${name}" alt="Architecture">`);
    expect(html).toContain('Gone Notes <a href="https://example.com/logo.png">Logo</a>');
  });

  it('copies the images to out/<slug>/media/ and removes one no card uses any more', async () => {
    const root = guideWithImages();
    const options = { guidesDir: join(root, 'guides'), outDir: join(root, 'out'), jobs: 1 };
    const first = await build(options);
    expect(
      first.guides
        .flatMap((g) => g.diagnostics)
        .map((d) => d.ruleId)
        .sort(),
    ).toEqual(['image-missing', 'image-remote', 'image-unsupported']);
    const media = readdirSync(join(root, 'out', 'demo', 'media'));
    expect(media).toHaveLength(1);
    const deck = readFileSync(join(root, 'out', 'demo', 'demo.anki.csv'), 'utf8');
    expect(deck).toContain(`<img src=""${media[0]}"" alt=""Architecture"">`);
    const guide = join(root, 'guides', 'demo.md');
    writeFileSync(guide, readFileSync(guide, 'utf8').replace('![Architecture](img/arch.png)', ''));
    await build(options);
    expect(readdirSync(join(root, 'out', 'demo'))).not.toContain('media');
  });
});
