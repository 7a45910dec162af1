import { beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/layout/blocks.js';
import { parseMarkdown } from '../../src/layout/markdown.js';
import { loadMath, pathOps, typeset } from '../../src/layout/math.js';
import type { Span } from '../../src/layout/types.js';

beforeAll(() => loadMath());

const mathSpans = (md: string): string[] =>
  parseMarkdown(md).flatMap((b) =>
    'spans' in b ? b.spans.filter((s) => s.math !== undefined).map((s) => s.math ?? '') : [],
  );

describe('math in the PDFs', () => {
  it('reads $…$ as a formula and prices as text, as the guide is read', () => {
    expect(mathSpans('It runs in $O(n \\log n)$ time.')).toEqual(['O(n \\log n)']);
    expect(mathSpans('It costs $5 and $10 a month.')).toEqual([]);
    expect(mathSpans('From $5 to $ 10.')).toEqual([]);
    expect(mathSpans('Escaped \\$x$ stays text.')).toEqual([]);
    expect(parseMarkdown('$$\nT(n) = 2T(n/2)\n$$')).toEqual([{ kind: 'math', tex: 'T(n) = 2T(n/2)' }]);
  });

  it('typesets a formula with its baseline: ascent above, descent below', () => {
    const x = typeset('x', false);
    const y = typeset('y', false);
    expect(x.ok && y.ok).toBe(true);
    if (!x.ok || !y.ok) return;
    expect(x.formula.ascent).toBeGreaterThan(300);
    expect(x.formula.descent).toBeLessThan(50);
    expect(y.formula.descent).toBeGreaterThan(150);
    expect(x.formula.shapes.length).toBe(1);
  });

  it('says why a formula cannot be typeset: a missing brace, an unknown command', () => {
    expect(typeset('\\frac{a}{b', false)).toEqual({ ok: false, error: 'Missing close brace' });
    const unknown = typeset('\\notacommand{x}', false);
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? '' : unknown.error).toContain('\\notacommand');
  });

  it('raises quadratic curves to cubic ones, each T reflecting the control point before it', () => {
    // Q to (20,0) with control (10,10); T to (40,0) reflects it to (30,-10); T to (60,0) to (50,10).
    const ops = pathOps('M0 0Q10 10 20 0T40 0T60 0Z');
    const curves = ops.match(/[-\d. ]+ c/g)?.map((c) => c.trim()) ?? [];
    expect(curves).toHaveLength(3);
    // From (40,0) toward (50,10): the first control point is two thirds of the way.
    expect(curves[2]).toMatch(/^46\.67 6\.67 /);
    expect(ops.startsWith('0 0 m')).toBe(true);
    expect(ops.endsWith('h')).toBe(true);
    expect(pathOps('M10 10h5v5H0V0z')).toBe('10 10 m 15 10 l 15 15 l 0 15 l 0 0 l h');
  });

  it('sets an inline formula as a box on the baseline, and makes room only for a tall one', () => {
    const style = { size: 10, leading: 13, color: '#000' };
    const line = (spans: Span[]) => paragraph(spans, 300, style);
    const plain = line([{ text: 'Then ' }, { text: 'x', math: 'x' }, { text: ' grows.' }]);
    expect(plain).toHaveLength(1);
    expect(plain[0]?.height).toBe(13);
    const vector = plain[0]?.items.find((i) => i.kind === 'vector');
    const text = plain[0]?.items.find((i) => i.kind === 'text');
    expect(vector && text && vector.kind === 'vector' && text.kind === 'text' && vector.y).toBe(
      text?.kind === 'text' ? text.y : -1,
    );
    const tall = line([{ text: 'Then ' }, { text: 'f', math: '\\frac{a^2}{b_1}' }, { text: ' grows.' }]);
    expect(tall[0]?.height).toBeGreaterThan(13);
  });

  it('prints a formula that does not parse as code, and reports it once with its TeX', () => {
    const heard: string[] = [];
    const missing = Object.assign(() => undefined, {
      math: (tex: string, error: string) => heard.push(`${tex}: ${error}`),
    });
    const boxes = paragraph(
      [{ text: '\\frac{a', math: '\\frac{a', style: { mono: true } }],
      300,
      { size: 10, leading: 13, color: '#000' },
      { missing },
    );
    const runs = boxes.flatMap((b) => b.items).filter((i) => i.kind === 'text');
    expect(runs.map((r) => (r.kind === 'text' ? `${r.run.face}:${r.run.text}` : ''))).toEqual([
      'mono:\\frac{a',
    ]);
    expect(heard).toEqual(['\\frac{a: Missing close brace']);
  });
});
