// The front matter is found where remark-frontmatter finds it, so the slug the build reads before
// parsing and the front matter extraction reads are always the same block.
import { describe, expect, it } from 'vitest';
import { frontMatterText, readFrontMatter } from '../../src/parse/front-matter.js';
import { parseMarkdown } from '../../src/parse/index.js';

/** The value of the tree's yaml node, or null when remark found no front matter. */
function remarkFrontMatter(text: string): string | null {
  const [first] = parseMarkdown(text).children;
  return first?.type === 'yaml' ? first.value : null;
}

const CASES = [
  '---\nslug: atlas\n---\n# A\n',
  '---\nslug: atlas\n---',
  '--- \t\nslug: atlas\n---  \n# A\n',
  '---\n---\n# A\n',
  '---\n\n---\n',
  '---\n\n\nslug: a\n\n---\n',
  '---\nslug: atlas\n----\n# A\n',
  '----\nslug: atlas\n---\n',
  ' ---\nslug: atlas\n---\n',
  '---\nslug: atlas\n',
  '---\nslug: atlas\n --- \n---\n',
  '---\na: |\n  ---x\n---\n',
  '# A\n\n---\nslug: atlas\n---\n',
  '---slug: atlas\n---\n',
  '---\n',
  '---',
];

describe('front matter', () => {
  it('is found exactly where remark-frontmatter finds it', () => {
    for (const text of CASES)
      expect(frontMatterText(text), JSON.stringify(text)).toBe(remarkFrontMatter(text));
  });

  it('is read with YAML: comments, block scalars and quotes as YAML reads them', () => {
    const read = readFrontMatter(
      '---\ntitle: Atlas Search   # the name\nslug: >-\n  at\n  las\n---\n',
      'g.md',
    );
    expect(read).toEqual({ data: { title: 'Atlas Search', slug: 'at las' }, diagnostics: [] });
  });

  it('is ignored as a whole, with a warning at line 1, when it is not YAML or not a map', () => {
    for (const yaml of ['slug: a\nslug: b', 'title: [unclosed', '- a\n- b']) {
      const read = readFrontMatter(`---\n${yaml}\n---\n`, 'g.md');
      expect(read.data).toEqual({});
      expect(read.diagnostics).toEqual([
        expect.objectContaining({
          ruleId: 'front-matter-invalid',
          line: 1,
          message: expect.stringMatching(/ignored/),
        }),
      ]);
    }
  });
});
