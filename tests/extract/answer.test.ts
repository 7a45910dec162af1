// An answer that the guide quotes is answered with the blockquote's own nodes, not parsed again:
// the Anki back made from those nodes must be the one made from the answer's text.
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { parseMarkdown, rememberTree } from '../../src/parse/index.js';
import { markdownToHtml } from '../../src/render/html.js';
import { runs } from '../fuzz.js';

/** The blocks of a guide, each with its back made from its nodes and from its text. */
function backs(guide: string): { answer: string; fromNodes: string | null; fromText: string }[] {
  const ex = extract(parseMarkdown(guide), guide, 'guide.md');
  return ex.blocks.map((b) => {
    let fromNodes: string | null = null;
    if (b.nodes) {
      rememberTree(b.answer, { type: 'root', children: b.nodes } as Root);
      fromNodes = markdownToHtml(b.answer);
    }
    // Nothing is remembered now: the text is parsed.
    return { answer: b.answer, fromNodes, fromText: markdownToHtml(b.answer) };
  });
}

describe('answers quoted in a blockquote', () => {
  it('keep their nodes, and a list that is loose in the text is loose on the card', () => {
    const guide = [
      '## How do you store passwords?',
      '',
      '> 1. **Hashing:**',
      '>    ```python',
      '>    bcrypt.hashpw(p, salt)',
      '>    ```',
      '>    - 12 rounds',
      '>',
      '> 2. **Tokens:**',
      '>    - short-lived',
      '',
    ].join('\n');
    const [block] = backs(guide);
    expect(block?.fromNodes).not.toBeNull();
    expect(block?.fromText).toMatch(/<li>\s*<p><strong>Hashing:<\/strong><\/p>/);
    expect(block?.fromNodes).toBe(block?.fromText);
  });

  it('keep a tight list tight', () => {
    const guide = ['## Why Redis?', '', '> "Because:', '> - it is fast', '> - it is simple"', ''].join('\n');
    const [block] = backs(guide);
    expect(block?.fromNodes).toContain('<li>it is fast</li>');
    expect(block?.fromNodes).toBe(block?.fromText);
  });

  it('give the same back from nodes as from text, for any mix of lists, code and blank lines', () => {
    const line = fc.constantFrom(
      '- item',
      '* other item',
      '1. first',
      '2. second',
      '   - nested',
      '   1. nested number',
      '      deeper text',
      '   continued text',
      '   ```',
      '   code line',
      '```',
      'plain text',
      '**Label:**',
      '',
      '',
      '> inner quote',
      '    indented code',
      '\tcode after a tab',
      '~~~',
      '| a | b |',
      '|---|---|',
      '    - four spaces in',
      '> > deeper quote',
      '---',
      'Key terms: Redis, Postgres',
      '-\ttabbed item',
    );
    // Each line quoted as guides write it: `> `, a bare `>` when blank, sometimes no marker (lazy).
    const quoted = fc
      .tuple(line, fc.constantFrom('> ', '> ', '> ', '>', '', ' > ', '>\t'))
      .map(([text, mark]) => (text === '' ? (mark === '' ? '' : '>') : `${mark}${text}`));
    fc.assert(
      fc.property(fc.array(quoted, { minLength: 1, maxLength: 20 }), (lines) => {
        const guide = `## What is the question?\n\n${lines.join('\n')}\n`;
        for (const b of backs(guide)) {
          if (b.fromNodes !== null) expect(b.fromNodes, b.answer).toBe(b.fromText);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
