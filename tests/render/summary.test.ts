import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/model.js';
import { footerItems } from '../../src/render/pdf-blocks.js';
import { escapeMarkdown, gistLine } from '../../src/render/pdf-markdown.js';
import { geometry, MIN_SIZE } from '../../src/render/pdf-theme.js';
import {
  largestFitting,
  layoutSummary,
  MAX_SIZE,
  overflowsAt,
  renderCombinedSummary,
  renderSummary,
  STEP,
  summaryCard,
  summaryView,
} from '../../src/render/summary.js';
import { SEEDS, seedPack } from '../helpers.js';
import {
  bigPack,
  CHINESE,
  entry,
  escapes,
  GLYPHS,
  glyphPack,
  pack,
  pdfPages,
  pdftotext,
  squash,
} from './pdf-factory.js';

/**
 * The questions the summary card chooses for `architecture`, two per category, in a guide of six
 * categories: `entries` (architecture, by default) and one entry of each of five others.
 */
function chosenArchitecture(entries: Entry[]): string[] {
  const others = (['overview', 'data', 'apis', 'security', 'quality'] as const).map((category) =>
    entry({ category }),
  );
  const view = summaryView(pack([...entries, ...others]), {
    perCategory: 2,
    terms: 0,
    facts: 0,
    pitch: 0,
    gist: 0,
  });
  return view.categories.find((c) => c.id === 'architecture')?.entries.map((e) => e.question) ?? [];
}

describe('summaryView', () => {
  it('shows more questions of each category when a guide has only a few categories', () => {
    const one = summaryView(pack(Array.from({ length: 30 }, () => entry({ category: 'architecture' }))));
    expect(one.categories.map((c) => c.shown)).toEqual([24]);
    const categories = ['overview', 'architecture', 'data', 'apis', 'security', 'quality'] as const;
    const six = summaryView(
      pack(categories.flatMap((category) => Array.from({ length: 6 }, () => entry({ category })))),
    );
    expect(six.categories.map((c) => c.shown)).toEqual([4, 4, 4, 4, 4, 4]);
  });

  it('puts no dash between a question that ends in its own punctuation and its gist', () => {
    const view = summaryView(
      pack([
        entry({ question: '如何处理数据库迁移？' }),
        entry({ question: 'Why Postgres?' }),
        entry({ question: 'The cookie choice' }),
      ]),
    );
    const punctuated = view.categories.flatMap((c) => c.entries.map((e) => [e.question, e.punctuated]));
    expect(punctuated).toEqual([
      ['如何处理数据库迁移？', true],
      ['Why Postgres?', true],
      ['The cookie choice', false],
    ]);
  });
});

describe('the footer', () => {
  it('stays clear of the quarter inch many printers leave blank, on A4 and Letter', () => {
    for (const paper of ['a4', 'letter'] as const) {
      const geo = geometry(paper);
      const footer = footerItems('PodScribe · summary card · guides/podscribe.md', 1, 1, geo);
      expect(footer.length).toBeGreaterThan(0);
      // Baseline 26 pt up: its descenders end about 24 pt (8.5 mm) above the edge.
      for (const item of footer)
        if (item.kind === 'text') expect(geo.height - item.y).toBeGreaterThanOrEqual(26);
      // And below the text area, which ends at the bottom margin.
      for (const item of footer)
        if (item.kind === 'text')
          expect(item.y - item.run.size).toBeGreaterThan(geo.height - geo.margin.bottom);
    }
  });
});

describe('renderSummary', () => {
  it('fits a 300-question guide on exactly one page, text never below 6 pt', async () => {
    const big = bigPack(300);
    const { pdf, pages } = await renderSummary(big, { paper: 'a4' });
    expect(pages).toBe(1);
    expect((await pdfPages(pdf)).pages).toBe(1);
    const layout = layoutSummary(big, { paper: 'a4' });
    const sizes = layout.pages.flatMap((p) =>
      p.items.flatMap((i) => (i.kind === 'text' ? [i.run.size] : [])),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(6);
    expect(escapes(layout.pages)).toEqual([]);
  });

  it('prints the name, the pitch, facts, questions per category and key terms', async () => {
    const p = pack(
      [
        entry({
          question: 'Walk me through the architecture.',
          gist: 'Phone → Edge Function → GPU.',
          keyTerms: ['Modal'],
        }),
        entry({
          question: 'Why Postgres?',
          gist: 'Relational data. Many joins.',
          category: 'data',
          keyTerms: ['Modal'],
        }),
      ],
      { title: 'PodScribe', pitch: 'Transcribes podcasts.', facts: [{ label: 'GPU used', value: 'A10G' }] },
    );
    const text = pdftotext((await renderSummary(p, { paper: 'a4' })).pdf);
    for (const s of [
      'PodScribe',
      'Transcribes podcasts.',
      'GPU used',
      'A10G',
      'Walk me through the architecture.',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Relational data.');
    expect(text).not.toContain('Many joins');
    expect(text).toContain('Architecture & system design');
    expect(text).toContain('Key terms');
    expect(text).toContain('Modal');
  });

  it('finds the largest size that fits on the grid however far off the prediction of it is', () => {
    const grid = Array.from(
      { length: Math.round((MAX_SIZE - MIN_SIZE) / STEP) + 1 },
      (_, i) => MIN_SIZE + i * STEP,
    );
    const predictions: [string, (t: number) => (size: number) => number][] = [
      ['exact', (t) => () => t],
      ['a step short', (t) => () => t - STEP],
      ['half way there', (t) => (size) => (size + t) / 2],
      ['two steps over', (t) => () => t + 2 * STEP],
      ['far over', () => () => 100],
      ['nowhere', () => () => 0],
    ];
    for (const t of grid) {
      for (const [name, predict] of predictions) {
        const asked: number[] = [];
        const found = largestFitting((size) => {
          asked.push(size);
          return size <= t;
        }, predict(t));
        expect(found, `${name}, largest ${t}`).toBe(t);
        // Each size is tried once, and never more sizes than a step at a time would take.
        expect(new Set(asked).size, `${name}, largest ${t}`).toBe(asked.length);
        expect(
          asked.every((size) => grid.includes(size)),
          `${name}, largest ${t}`,
        ).toBe(true);
      }
      // A prediction that is right takes one try to reach the answer and one to see the next does not fit.
      const asked: number[] = [];
      largestFitting(
        (size) => asked.push(size) > 0 && size <= t,
        () => t,
      );
      expect(asked.length).toBe(t === MIN_SIZE || t === MAX_SIZE ? 1 : 2);
    }
  });

  it('fits the fullest level of detail that fits at all, at the largest size on the grid that fits', () => {
    const packs = [
      ...SEEDS.map((slug) => seedPack(slug)),
      bigPack(3),
      bigPack(40),
      bigPack(120),
      bigPack(300),
    ];
    const sizes = new Set<number>();
    for (const p of packs) {
      const { fit } = summaryCard(p, { paper: 'a4' });
      const name = `${p.project.slug} (${p.entries.length} questions) at ${JSON.stringify(fit)}`;
      sizes.add(fit.size);
      expect(overflowsAt(p, { paper: 'a4' }, fit), name).toBe(false);
      if (fit.size < MAX_SIZE)
        expect(overflowsAt(p, { paper: 'a4' }, { ...fit, size: fit.size + STEP }), name).toBe(true);
      if (fit.level > 0)
        expect(overflowsAt(p, { paper: 'a4' }, { level: fit.level - 1, size: MIN_SIZE }), name).toBe(true);
    }
    // The packs take sizes all over the range, not one size for all.
    expect(sizes.size).toBeGreaterThan(3);
  });

  it('grows the type on a short guide and shrinks it on a long one', () => {
    const sizeOf = (n: number) => {
      const { pages } = layoutSummary(bigPack(n), { paper: 'a4' });
      const body = pages[0]?.items.flatMap((i) =>
        i.kind === 'text' && i.run.face === 'sans' ? [i.run.size] : [],
      );
      return Math.min(...(body ?? []));
    };
    expect(sizeOf(6)).toBeGreaterThan(sizeOf(300));
  });

  it('gives back arrows, box drawing, emoji and Chinese from its text layer', async () => {
    const text = pdftotext((await renderSummary(glyphPack(), { paper: 'a4' })).pdf);
    for (const ch of [...GLYPHS.filter((g) => !'─┌┐└┘│'.includes(g)), ...CHINESE])
      expect(text, ch).toContain(ch);
  });

  it('takes its content from the template, read when it renders', async () => {
    const template =
      '# {{title}}\n\nCustom card for {{questionCount}} questions.\n\n## Only this\n\n{{#each keyTerms}}- {{this}}\n{{/each}}';
    const p = pack([entry({ keyTerms: ['alpha', 'beta'] })], { title: 'Custom' });
    const text = pdftotext((await renderSummary(p, { paper: 'a4', template })).pdf);
    expect(text).toContain('Custom card for 1 questions.');
    expect(text).toContain('alpha');
    expect(text).not.toContain('Architecture');
  });

  it('names the template when it cannot be used', async () => {
    await expect(renderSummary(pack([entry()]), { paper: 'a4', template: '# {{#each}}' })).rejects.toThrow(
      /summary template cannot be used/,
    );
  });

  it('prints guide text literally: no Markdown, HTML or template syntax of its own', async () => {
    const tricky = 'Is **this** `{{title}}` <b>bold</b> | a [link](x) # or _not_? {{#each facts}}x{{/each}}';
    const p = pack([entry({ question: tricky, gist: '- not a list\n\n# not a heading' })], { title: 'T*t_' });
    const text = squash(pdftotext((await renderSummary(p, { paper: 'a4' })).pdf));
    expect(text).toContain(squash(tricky));
    // The gist is Markdown by the schema: it prints as text, without its markers.
    expect(text).toContain(squash('not a list'));
    expect(text).toContain('T*t_');
  });

  it('builds byte-identical cards from the same pack', async () => {
    const p = bigPack(40);
    const a = await renderSummary(p, { paper: 'letter' });
    const b = await renderSummary(p, { paper: 'letter' });
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
  });
});

describe('a card laid out at a fit found before', () => {
  it('is the card fitting gives, glyph warnings included, and a fit that cannot be is not used', async () => {
    for (const p of [bigPack(10), bigPack(120), glyphPack()]) {
      const { fit } = await renderSummary(p, { paper: 'a4' });
      // A copy of the pack: the card made from the original is not reused.
      const again = summaryCard(structuredClone(p), { paper: 'a4' }, fit);
      expect(again.fit).toEqual(fit);
      expect(again.layout).toEqual(layoutSummary(p, { paper: 'a4' }));
      const refused = summaryCard(structuredClone(p), { paper: 'a4' }, { level: 9, size: 6.1 });
      expect(refused.fit).toEqual(fit);
    }
  });
});

describe('renderCombinedSummary', () => {
  it('makes a valid one-page PDF when there is no guide', async () => {
    const { pdf, pages } = await renderCombinedSummary([], { paper: 'a4' });
    expect(pages).toBe(1);
    expect((await pdfPages(pdf)).text[0]).toContain('No study packs were built.');
  });

  it("puts every project's card on a page of its own", async () => {
    const packs = [bigPack(10), bigPack(120), glyphPack()];
    const { pdf, pages } = await renderCombinedSummary(packs, { paper: 'a4' });
    expect(pages).toBe(3);
    const read = await pdfPages(pdf);
    expect(read.pages).toBe(3);
    expect(read.text[0]).toContain('Big10');
    expect(read.text[1]).toContain('Big120');
    expect(read.text[2]).toContain('1/3'.replace('1', '3'));
  });
});

describe("the summary template's view", () => {
  it('escapes every Markdown-significant character of guide text', () => {
    expect(escapeMarkdown('a *b* `c` [d](e) <f> | g # h')).toBe(
      'a \\*b\\* \\`c\\` \\[d\\](e) \\<f\\> \\| g \\# h',
    );
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
  });

  it('keeps the inline code of a gist and cuts it to its first sentence', () => {
    expect(gistLine('Use `SELECT * FROM t` here. Then more.', 100)).toBe('Use `SELECT * FROM t` here.');
    expect(gistLine('word '.repeat(50), 20)).toMatch(/^word word word word…$/);
  });

  it("chooses questions before follow-ups, in the guide's order", () => {
    const a = entry({ question: 'A?' });
    const entries = [a, entry({ question: 'B?', followUpOf: a.id }), entry({ question: 'C?' })];
    // Six categories in the guide: two per category, as the level says.
    expect(chosenArchitecture(entries)).toEqual(['A?', 'C?']);
  });

  it('chooses answered questions before the ones the guide does not answer yet', () => {
    const entries = [
      entry({ question: 'Open?', answer: '', gist: '', answered: false }),
      entry({ question: 'A?' }),
      entry({ question: 'B?' }),
    ];
    expect(chosenArchitecture(entries)).toEqual(['A?', 'B?']);
  });
});
