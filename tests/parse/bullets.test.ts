// Typed bullets (`• …`) are read as list items, with every position still pointing into the text
// as written, and code keeps its bullets.
import { describe, expect, it } from 'vitest';
import { markBullets } from '../../src/parse/bullets.js';
import { parseMarkdown } from '../../src/parse/index.js';

describe('typed bullets', () => {
  it('reads lines that open with a bullet character as list items', () => {
    const text = '• What is a mutex?\n• Why use a CDN?\n  ◦ It is closer to the user.\n';
    const [list] = parseMarkdown(text).children;
    expect(list?.type).toBe('list');
    expect(list?.type === 'list' ? list.children.length : 0).toBe(2);
  });

  it('keeps the length of the text, so positions stay those of the guide', () => {
    const text = '# T\n\n・ 一つ目\n· two\n● three\n';
    expect(markBullets(text)).toHaveLength(text.length);
  });

  it('leaves bullets inside code blocks, and bullets without a space after them, as written', () => {
    const text = '```\n• output line\n```\n\n•not a bullet\n';
    expect(markBullets(text)).toBe(text);
  });
});
