// A guide put together from parts parsed before, the edited ones parsed alone, is the tree of the
// whole text parsed at once: on every guide the tests have, on edits of each, and on the shapes
// where a heading line is not a heading (code, formula and HTML blocks, front matter, definitions).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRemark } from '../../src/layout/markdown.js';
import { remarkGfmBlocks } from '../../src/parse/gfm.js';
import { parseMarkdown } from '../../src/parse/index.js';
import { keepParts, parseByParts, partStarts } from '../../src/parse/sections.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkGfmBlocks)
  .use(remarkMath)
  .use(remarkFrontmatter, ['yaml']);
let parses: string[] = [];
const parse = (text: string): Root => {
  parses.push(text);
  return processor.parse(text) as Root;
};

function guidesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return guidesUnder(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The text with a few words added to the first line of its middle part. */
function edited(text: string): string | null {
  const starts = partStarts(text);
  if (starts.length < 3) return null;
  const at = text.indexOf('\n', starts[Math.floor(starts.length / 2)] ?? 0);
  return at === -1 ? null : `${text.slice(0, at)} (once more)${text.slice(at)}`;
}

beforeEach(() => {
  keepParts(true);
  parses = [];
});
afterEach(() => keepParts(false));

describe('a guide parsed by parts', () => {
  const guides = [
    ...guidesUnder(join(import.meta.dirname, '../../guides')),
    ...guidesUnder(join(import.meta.dirname, '../fixtures')),
  ];

  it('gives the whole tree, as written, again, and after an edit, for every guide here', () => {
    expect(guides.length).toBeGreaterThan(50);
    let split = 0;
    for (const path of guides) {
      const text = readFileSync(path, 'utf8');
      const whole = processor.parse(text);
      expect(parseByParts(text, parse), path).toEqual(whole);
      expect(parseByParts(text, parse), path).toEqual(whole);
      const changed = edited(text);
      if (!changed) continue;
      split++;
      expect(parseByParts(changed, parse), path).toEqual(processor.parse(changed));
    }
    expect(split).toBeGreaterThan(30);
  });

  it('parses only the part that changed', () => {
    const parts = Array.from({ length: 20 }, (_, i) => `## Question ${i}?\n\nAnswer ${i}, with *stress*.\n`);
    const text = `# Guide\n\n${parts.join('\n')}`;
    parseByParts(text, parse);
    parses = [];
    const changed = text.replace('Answer 7,', 'Answer seven,');
    expect(parseByParts(changed, parse)).toEqual(processor.parse(changed));
    expect(parses).toEqual(['## Question 7?\n\nAnswer seven, with *stress*.\n\n']);
  });

  it.each([
    ['a heading line inside a code block', '# G\n\n## Q?\n\n```sh\nls\n## x\n```\n\n## R?\n\nB.\n'],
    ['a heading line inside a tilde code block', '# G\n\n## Q?\n\n~~~\n# x\n~~~\n\n## R?\n\nB.\n'],
    ['a heading line inside a formula block', '# G\n\n## Q?\n\n$$\nx\n# y\n$$\n\n## R?\n\nB.\n'],
    [
      'a heading line inside an HTML block',
      '# G\n\n## Q?\n\n<details>\n# not a heading\n</details>\n\n## R?\n\nB.\n',
    ],
    ['a heading line inside a comment', '# G\n\n## Q?\n\n<!--\n\n# hidden\n\n-->\n\n## R?\n\nB.\n'],
    ['a code block opened in a list item', '# G\n\n- a\n  ```\n  x\n```\n# in code\n```\n\n## R?\n\nB.\n'],
    ['a comment in front matter', '---\ntitle: T\n# note\n---\n\n# G\n\n## Q?\n\nA.\n'],
    [
      'a reference defined further down',
      '# G\n\n## Q?\n\nSee [the docs][d].\n\n## R?\n\n[d]: https://x.test\n',
    ],
    ['a footnote defined further down', '# G\n\n## Q?\n\nA[^1].\n\n## R?\n\n[^1]: Note.\n'],
    ['a table before a heading', '# G\n\n| a | b |\n|---|---|\n| 1 | 2 |\n## Q?\n\nA.\n'],
    ['lines ended by carriage returns', '# G\r\r## Q?\r\rA.\r\r## R?\r\rB.\r'],
    ['Windows line ends', '# G\r\n\r\n## Q?\r\n\r\nA.\r\n\r\n## R?\r\n\r\nB.\r\n'],
  ])('%s: the whole tree, before and after an edit', (_, shape) => {
    // Parts enough around it that an edit is put together from parts, not parsed whole.
    const filler = (from: number) =>
      Array.from({ length: 8 }, (_, i) => `## Filler ${from + i}?\n\nText ${from + i}.\n\n`).join('');
    const eol = shape.includes('\r\n') ? '\r\n' : shape.includes('\r') ? '\r' : '\n';
    const text = `${shape}\n${filler(0)}`.replace(/\r?\n/g, eol);
    expect(parseByParts(text, parse)).toEqual(processor.parse(text));
    const changed = text.replace(/A\.|B\./, 'Changed.');
    expect(parseByParts(changed, parse)).toEqual(processor.parse(changed));
    const grown = text.replace('## Q?', '## Q?\n\n```\nopened, never closed\n');
    expect(parseByParts(grown, parse)).toEqual(processor.parse(grown));
  });

  it('serves the parse of a guide, which gives the same tree with parts kept or not', () => {
    const text = readFileSync(join(import.meta.dirname, '../../guides/podscribe.md'), 'utf8');
    const changed = edited(text) ?? '';
    parseMarkdown(text);
    parses = [];
    const byParts = parseMarkdown(changed);
    keepParts(false);
    expect(parseMarkdown(changed)).toEqual(byParts);
  });

  it('serves the parsers of the PDFs, which give the same blocks with parts kept or not', () => {
    for (const name of ['podscribe.md', 'stash.md']) {
      const text = readFileSync(join(import.meta.dirname, '../../guides', name), 'utf8');
      // With and without a table and a formula: each of the three parsers.
      for (const md of [text, `${text}\n| a | b |\n|---|---|\n| 1 | 2 |\n`, `${text}\n$x^2$\n`]) {
        const changed = edited(md) ?? '';
        keepParts(false);
        const plain = [parseRemark(md), parseRemark(changed)];
        keepParts(true);
        expect([parseRemark(md), parseRemark(md), parseRemark(changed)], name).toEqual([
          plain[0],
          plain[0],
          plain[1],
        ]);
      }
    }
  });
});
