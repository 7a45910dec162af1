import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseRemark } from '../../src/layout/markdown.js';
import { parseLite } from '../../src/layout/markdown-lite.js';
import { markdownBoxes } from '../../src/render/pdf-blocks.js';
import { escapeMarkdown } from '../../src/render/pdf-markdown.js';
import { normalBlocks } from '../render/pdf-factory.js';

describe('parseMarkdown', () => {
  it('reads a one-line gist with code spans the way remark does', () => {
    const cases = [
      'Call `transcribe.spawn.aio()` and return at once.',
      '`queued` → `processing` → `completed`!',
      'Use ``a ` b`` here, and ` padded ` too.',
      'An unclosed `tick stays text.',
      'Pipes | and #hashes and 3 > 2 stay text.',
    ];
    for (const md of cases) {
      const fast = parseMarkdown(md);
      // The same text with a trailing escaped character forces the full parser.
      const full = parseMarkdown(`${md}\\\\`);
      const spans = full[0]?.kind === 'paragraph' ? full[0].spans : [];
      const last = spans[spans.length - 1];
      if (last) last.text = last.text.replace(/\\$/, '');
      const flat = (b: typeof fast) =>
        b
          .flatMap((x) => (x.kind === 'paragraph' ? x.spans : []))
          .map((s) => [s.text, Boolean(s.style?.mono)]);
      expect(fast.length, md).toBe(1);
      expect(flat(fast), md).toEqual(flat([{ kind: 'paragraph', spans: spans.filter((s) => s.text) }]));
    }
  });

  it('turns lists, code blocks and emphasis into blocks and styled spans', () => {
    const blocks = parseMarkdown('- one **two**\n- three\n\n```\ncode\n```');
    expect(blocks.map((b) => b.kind)).toEqual(['list', 'code']);
    const first = blocks[0];
    expect(first?.kind === 'list' && first.items[0]?.[0]).toEqual({
      kind: 'paragraph',
      spans: [
        { text: 'one ', style: {} },
        { text: 'two', style: { bold: true } },
      ],
    });
  });
});

describe('parseMarkdown without a parser', () => {
  it('leaves snake_case and code with stars to the fast path, emphasis to remark', () => {
    expect(parseMarkdown('The transcription_jobs table, see `a*b_c`.')).toEqual([
      {
        kind: 'paragraph',
        spans: [
          { text: 'The transcription_jobs table, see ' },
          { text: 'a*b_c', style: { mono: true, scale: 1 } },
          { text: '.' },
        ],
      },
    ]);
    const emphasis = parseMarkdown('An _important_ word.');
    expect(
      emphasis[0]?.kind === 'paragraph' && emphasis[0].spans.map((s) => s.style?.italic ?? false),
    ).toEqual([false, true, false]);
  });

  it("reads a table with GitHub's extensions", () => {
    expect(parseMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')[0]?.kind).toBe('table');
  });
});

describe('the plain-Markdown reader', () => {
  const samples = [
    '# PodScribe\n\nTranscribes podcasts\\. In 2\\-5 minutes\\.\n\n- **GPU used:** NVIDIA A10G, 24GB VRAM\n- **Cost:** \\~$0\\.19/hr\n\n## Data \\& databases\n\n- **Why JSONB\\?** Segments are `jsonb` in `transcripts`.\n- **Why \\`uuid\\`\\?**\n\n## Key terms\n\nSupabase · `spawn.aio()` · Llama 3\\.1',
    '## A heading ##\n\nline one\nline two\n- item one\n  continued\nlazy\n- item two\n\n- item three\n\nafter',
    'Text with **strong `code`** and a `` tick ` `` span.',
    'Known *emphasis* and an _underscore_ that remark reads.',
    'A [link](x) goes to remark.',
    '> a quote',
    '    indented code',
    '1. ordered',
    '- a\n\n  second paragraph',
    'Some **unclosed strong',
    '**?** punctuation inside strong, and a**b** inside a word',
    // Items nested under an item by one to three spaces, and an indented item after a paragraph:
    // lists to remark, never text of the line above.
    '- a behaviour\n  - what I did\n  - what came of it\n- another',
    'Two habits:\n  - daily meetings\n   - delegating',
  ];

  it('reads what it knows exactly as remark does, and gives up on the rest', () => {
    for (const md of samples) {
      const lite = parseLite(md);
      if (lite) expect(normalBlocks(lite), md).toEqual(normalBlocks(parseRemark(md)));
    }
    expect(parseLite(samples[0] as string)).not.toBeNull();
    expect(parseLite(samples[1] as string)).not.toBeNull();
    expect(parseLite('A [link](x) goes to remark.')).toBeNull();
    expect(parseRemark(samples[11] as string)[0]).toMatchObject({
      kind: 'list',
      items: [[{}, { kind: 'list' }], [{}]],
    });
  });
});

describe('Markdown the plain reader reads as remark does', () => {
  // Lines of prose with the markup the plain reader knows, and some it must leave to remark:
  // numbered and `-` items, `*` and `**` in and around words, `_` in and around words.
  const pieces = [
    ...'a word Zoë 数 9 * ** *** _ __ ` \\* \\_ . , ? ( ) - # 1. → \t'.split(' '),
    ...[' ', '  ', '\n', '\n\n', '  \n', '\n  ', '\n    ', '\n# ', '\n- ', '\n   - ', '\n-\t', '\n- - '],
    ...['\n1. ', '\n2. ', '\n1) ', '\n10. ', '\n\n1. ', '\n- 1. ', '\n3.     '],
    // Fences: opened and closed at the margin or indented, of either character and length, with
    // an info string, code lines that look like markup, and fences inside items.
    ...[
      '\n```',
      '\n```js',
      '\n``` py x',
      '\n````',
      '\n~~~',
      '\n~~~~ a`b',
      '\n  ```',
      '\n   ~~~ ',
      '\n``',
      '\n```a`',
      '\n```\\',
      '\n    ```',
    ],
    ...['\n<div>', '\n| a |', '\n> q', '\n\t', '\n  - ```'],
    // Characters that start something only in some places: `~`, `&`, `>`, `!`, a spaced `*`.
    ...[
      '~',
      '~~',
      '~a~',
      '&',
      '&amp;',
      '&#35;',
      '&x',
      '& ',
      '>',
      ' > ',
      '!',
      '![',
      '!x',
      ' * ',
      'a * b',
      '\n*',
      '\n+',
      '\n+ ',
      '\n*\t',
    ],
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join('').trim());

  it('reads what it accepts exactly as remark does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, (md) => {
        const lite = parseLite(md);
        if (!lite) return;
        accepted++;
        expect(normalBlocks(lite), JSON.stringify(md)).toEqual(normalBlocks(parseRemark(md)));
      }),
      { numRuns: Number(process.env.LITE_RUNS ?? 3000) },
    );
    // Most texts of these pieces are read: the comparison is not vacuous.
    expect(accepted).toBeGreaterThan(500);
  });

  it('reads fenced code as remark does, whatever the fences and the lines between them', () => {
    const before = ['', 'Some *text*', '- an item', '1. first', '# Heading', 'a\n\n', '- item\n  more'];
    const opening = [
      '```',
      '```js',
      '```Python extra words',
      '``` py x',
      '````',
      '~~~',
      '~~~~ a`b',
      '```a`',
      '```\\',
      '```&amp;',
      '``',
    ];
    const closing = ['```', '````', '~~~', '~~~~', '   ```', '    ```', '``', '```  ', '``` x', ''];
    const inside = [
      '',
      'code();',
      '<div>',
      '> q',
      '- item',
      '# not a heading',
      '  indented',
      '\tTab',
      '***',
      '  ',
      'a**b',
    ];
    const after = ['', 'after', '- item', '\nafter', '```', '    code'];
    const fenced = fc
      .tuple(
        fc.constantFrom(...before),
        fc.constantFrom(...opening),
        fc.array(fc.constantFrom(...inside), { maxLength: 5 }),
        fc.constantFrom(...closing),
        fc.constantFrom(...after),
      )
      .map(([b, o, lines, c, a]) => [b, o, ...lines, c, a].join('\n').trim());
    let read = 0;
    fc.assert(
      fc.property(fenced, (md) => {
        const lite = parseLite(md);
        if (!lite) return;
        if (lite.some((b) => b.kind === 'code')) read++;
        expect(normalBlocks(lite), JSON.stringify(md)).toEqual(normalBlocks(parseRemark(md)));
      }),
      { numRuns: Number(process.env.LITE_RUNS ?? 3000) },
    );
    expect(read).toBeGreaterThan(200);
  });

  it("prints a line ended by two spaces as remark's hard break prints: a space, as any line end", () => {
    const md = '**Answer: B**  \nFor any value, `x` is *false*.  \nSo B.\n\n- an item  \n  more';
    const lite = parseLite(md);
    expect(lite).not.toBeNull();
    const style = { size: 9, leading: 11, color: '#000000', indent: 0 };
    const laid = (blocks: Parameters<typeof markdownBoxes>[0]) =>
      markdownBoxes(blocks, 120, style, { keepFirst: false }).map((b) => b.items);
    expect(laid(lite ?? [])).toEqual(laid(parseRemark(md)));
  });

  it('reads numbered lists, emphasis and underscores inside words', () => {
    const md =
      'Steps, with *care*:\n\n1. read `a_b` and **mark *it* too**\n2. write\n\n3) again\n\nsnake_case.';
    const lite = parseLite(md);
    expect(lite).not.toBeNull();
    expect(normalBlocks(lite ?? [])).toEqual(normalBlocks(parseRemark(md)));
    expect(
      lite?.filter((b) => b.kind === 'list').map((b) => b.kind === 'list' && [b.ordered, b.start]),
    ).toEqual([
      [true, 1],
      [true, 3],
    ]);
  });
});

describe('escaped guide text in the plain reader', () => {
  const chars = [...'ab Z09 *_`[]()<>#|~\\&!-+.=:?/\'"{}', '→', '数', '✅', '\u00a0', '\n', '  '];
  const text = fc.array(fc.constantFrom(...chars), { maxLength: 40 }).map((a) => a.join(''));

  it('reads any escaped text back as that text, as remark does', () => {
    fc.assert(
      fc.property(text, text, (question, value) => {
        const md = `# ${escapeMarkdown(question) || 'x'}\n\n- **${escapeMarkdown(question) || 'x'}** ${escapeMarkdown(value)}\n`;
        const lite = parseLite(md);
        if (lite) expect(normalBlocks(lite)).toEqual(normalBlocks(parseRemark(md)));
      }),
      { numRuns: 300 },
    );
  });
});
