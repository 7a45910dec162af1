import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/layout/markdown.js';

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
