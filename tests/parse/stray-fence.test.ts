import { describe, expect, it } from 'vitest';
import { parseMarkdown, strayFences } from '../../src/parse/index.js';

const types = (markdown: string): string[] => parseMarkdown(markdown).children.map((n) => n.type);

describe('a fence that closes no code block', () => {
  const guide = [
    '## Q.',
    'Print a number.',
    '',
    'Solution:',
    'print(3)',
    '```',
    '',
    '## Q.',
    'Print a word.',
    '',
    '```py',
    'print("a")',
    '```',
  ].join('\n');

  it('is read as text, so the heading after it counts, and its line is kept', () => {
    const tree = parseMarkdown(guide);
    expect(tree.children.filter((n) => n.type === 'heading')).toHaveLength(2);
    expect(strayFences(tree)).toEqual([6]);
    const code = tree.children.find((n) => n.type === 'code');
    expect(code?.position?.start.line).toBe(11);
  });

  it('leaves alone a block that shows Markdown inside a longer fence', () => {
    const shown = ['````', '# Title', '', '```js', 'let a = 1;', '```', '````'].join('\n');
    expect(types(shown)).toEqual(['code']);
    expect(strayFences(parseMarkdown(shown))).toEqual([]);
  });

  it('leaves alone a bare block that holds a heading but no fence', () => {
    const shown = ['```', '# not a heading', 'echo hi', '```', '', '## Next'].join('\n');
    expect(types(shown)).toEqual(['code', 'heading']);
  });
});
