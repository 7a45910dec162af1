// Entry ids: the same on every rebuild, after answer edits and after reordering.
import { describe, expect, it } from 'vitest';
import { packOf } from '../helpers.js';

const GUIDE = `# Demo

## "Why Postgres?"

Relational data and constraints.

## "How do you deploy?"

Blue-green, from CI.
`;

function ids(md: string): Record<string, string> {
  return Object.fromEntries(packOf(md).entries.map((e) => [e.question, e.id]));
}

describe('entry ids', () => {
  it('are the same on every build', () => {
    expect(ids(GUIDE)).toEqual(ids(GUIDE));
  });

  it('survive an edit of the answer', () => {
    expect(ids(GUIDE.replace('Relational data and constraints.', 'Joins, constraints and JSONB.'))).toEqual(
      ids(GUIDE),
    );
  });

  it('survive reordering the questions', () => {
    const [head, a, b] = GUIDE.split(/(?=## )/);
    expect(ids(`${head}${b}\n${a}`)).toEqual(ids(GUIDE));
  });

  it('ignore case, quote marks and punctuation in the question', () => {
    expect(ids(GUIDE.replace('"Why Postgres?"', '**why postgres**?'))['why postgres?']).toBe(
      ids(GUIDE)['Why Postgres?'],
    );
  });

  it('differ between projects with the same question', () => {
    const a = packOf(GUIDE, 'guides/a.md').entries[0]?.id;
    const b = packOf(GUIDE, 'guides/b.md').entries[0]?.id;
    expect(a).not.toBe(b);
  });

  it('stay unique when a guide asks the same question twice, with a warning', () => {
    const pack = packOf(`${GUIDE}\n## "Why Postgres?"\n\nAsked again.\n`);
    expect(new Set(pack.entries.map((e) => e.id)).size).toBe(3);
    expect(pack.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'duplicate-question', line: 11 }),
    );
  });
});
