// Math in the cheat sheet and the summary card, and MathJax loaded only for packs that have math.
// Its own file: whether MathJax is loaded is a fact of the process, and other files load it.
import { describe, expect, it } from 'vitest';
import { mathLoaded } from '../../src/layout/math.js';
import { layoutCheatsheet, renderCheatsheet } from '../../src/render/cheatsheet.js';
import { renderSummary, summaryCard } from '../../src/render/summary.js';
import { entry, pack, pdftotext } from './pdf-factory.js';

const prices = pack([
  entry({
    question: 'What does it cost?',
    answer: 'It costs $5 and $10 a month.',
    gist: 'It costs $5 and $10 a month.',
  }),
]);
const math = pack([
  entry({
    question: 'How fast is the index rebuild?',
    answer: 'It runs in $O(n \\log n)$ time for $n$ rows.',
    gist: 'It runs in $O(n \\log n)$ time for $n$ rows.',
    category: 'scalability',
  }),
  entry({
    question: 'Which formula is wrong?',
    answer: 'This one: $\\frac{a}{b$.',
    gist: 'This one: $\\frac{a}{b$.',
  }),
]);

describe('math in the cheat sheet and the summary card', () => {
  it('does not load MathJax for a pack whose dollars are prices, and prints them as written', async () => {
    const { pdf } = await renderCheatsheet(prices);
    expect(mathLoaded()).toBe(false);
    expect(pdftotext(pdf)).toContain('It costs $5 and $10 a month.');
  });

  it('typesets the formulas of gists on the cheat sheet, as paths, not as TeX', async () => {
    const { pdf, diagnostics } = await renderCheatsheet(math);
    expect(mathLoaded()).toBe(true);
    const text = pdftotext(pdf);
    expect(text).not.toContain('\\log');
    expect(text).toContain('It runs in');
    const vectors = layoutCheatsheet(math)
      .pages.flatMap((p) => p.items)
      .filter((i) => i.kind === 'vector');
    expect(vectors.length).toBe(2);
    expect(diagnostics.map((d) => `${d.ruleId} ${d.line}`)).toEqual([
      `math-invalid ${math.entries[1]?.source.line}`,
    ]);
    expect(text).toContain('\\frac{a}{b');
  });

  it('typesets a formula in a question, and leaves the prices of another as written', async () => {
    const questions = pack([
      entry({ question: 'What is $E = mc^2$ here?', answer: 'Energy.', gist: 'Energy.' }),
      entry({ question: 'Why pay $5 and $10?', answer: 'Cost.', gist: 'Cost.' }),
    ]);
    const text = pdftotext((await renderCheatsheet(questions)).pdf);
    expect(text).not.toContain('mc^2');
    expect(text).toContain('What is');
    expect(text).toContain('Why pay $5 and $10?');
  });

  it('typesets the formulas of gists on the summary card', async () => {
    const { pdf } = await renderSummary(math);
    expect(pdftotext(pdf)).not.toContain('\\log');
    const vectors = summaryCard(math)
      .layout.pages.flatMap((p) => p.items)
      .filter((i) => i.kind === 'vector');
    expect(vectors.length).toBeGreaterThanOrEqual(1);
  });

  it('typesets a formula in a question on the summary card, and leaves prices as written', async () => {
    const questions = pack([
      entry({ question: 'What is $E = mc^2$ here?', answer: 'Energy.', gist: 'Energy.' }),
      entry({ question: 'Why pay $5 and $10?', answer: 'Cost.', gist: 'Cost.' }),
    ]);
    const text = pdftotext((await renderSummary(questions)).pdf);
    expect(text).not.toContain('mc^2');
    expect(text).toContain('What is');
    expect(text).toContain('Why pay $5 and $10?');
    const vectors = summaryCard(questions)
      .layout.pages.flatMap((p) => p.items)
      .filter((i) => i.kind === 'vector');
    expect(vectors.length).toBe(1);
  });
});
