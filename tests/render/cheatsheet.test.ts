import { describe, expect, it } from 'vitest';
import { layoutCheatsheet, printOrder, renderCheatsheet } from '../../src/render/cheatsheet.js';
import { COLORS } from '../../src/render/pdf-theme.js';
import {
  bigPack,
  CHINESE,
  entry,
  escapes,
  GLYPHS,
  glyphPack,
  pack,
  pdffonts,
  pdfPages,
  pdftotext,
  squash,
} from './pdf-factory.js';

describe('renderCheatsheet', () => {
  it('prints every question of a 200-question guide, in reading order', async () => {
    const big = bigPack(200);
    const { pdf, pages } = await renderCheatsheet(big, { paper: 'a4' });
    const text = squash(pdftotext(pdf));
    let at = -1;
    for (const group of printOrder(big.entries)) {
      for (const { entry: e } of group.items) {
        const found = text.indexOf(squash(e.question), at + 1);
        expect(found, e.question).toBeGreaterThan(at);
        at = found;
      }
    }
    expect(pages).toBeGreaterThan(3);
    expect((await pdfPages(pdf)).pages).toBe(pages);
  });

  it('prints the title, the pitch, the facts and a footer with page n/N', async () => {
    const p = pack([entry({ question: 'Why Postgres?' })], {
      title: 'PodScribe',
      pitch: 'Transcribes podcasts.',
      facts: [{ label: 'GPU used', value: 'NVIDIA A10G, 24GB VRAM' }],
    });
    const text = pdftotext((await renderCheatsheet(p, { paper: 'a4' })).pdf);
    for (const s of ['PodScribe', 'Transcribes podcasts.', 'GPU used', 'NVIDIA A10G, 24GB VRAM', '1/1']) {
      expect(text).toContain(s);
    }
  });

  it('embeds every font it uses, as TrueType subsets', async () => {
    const { pdf } = await renderCheatsheet(glyphPack(), { paper: 'a4' });
    const fonts = pdffonts(pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.subset, font.name).toBe(true);
      expect(font.type).toMatch(/TrueType/);
    }
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(
      expect.arrayContaining([
        'DejaVuSans',
        'DejaVuSans-Bold',
        'DejaVuSansMono',
        'NotoEmoji-Regular',
        'NotoSansSC-Regular',
      ]),
    );
  });

  it('gives back every arrow, box-drawing character, emoji and Chinese character from its text layer', async () => {
    const { pdf, diagnostics } = await renderCheatsheet(glyphPack(), { paper: 'a4' });
    const text = pdftotext(pdf);
    for (const ch of [...GLYPHS, ...CHINESE]) expect(text, ch).toContain(ch);
    expect((await pdfPages(pdf)).text.join('')).toContain(CHINESE);
    expect(diagnostics).toEqual([]);
  });

  it('keeps a 2,000-character word and a 400-line code block inside their columns', () => {
    const code = Array.from(
      { length: 400 },
      (_, i) => `${'  '.repeat(i % 6)}line_${i} = compute(${'x'.repeat(i % 90)})`,
    );
    const p = pack([
      entry({ question: 'What is the longest word?', gist: 'w'.repeat(2000) }),
      entry({ question: 'Show the code.', gist: `\`\`\`python\n${code.join('\n')}\n\`\`\`` }),
      entry({ question: `Why ${'https://example.com/a/very/long/path/'.repeat(8)}?`, gist: 'Because.' }),
    ]);
    const { pages } = layoutCheatsheet(p, { paper: 'a4' });
    expect(pages.length).toBeGreaterThan(1);
    expect(escapes(pages)).toEqual([]);
  });

  it('keeps a list nested sixty levels deep inside its column', () => {
    const deep = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const { pages } = layoutCheatsheet(pack([entry({ gist: deep })]), { paper: 'a4' });
    expect(escapes(pages)).toEqual([]);
  });

  it('keeps every run of a 200-question guide inside its column', () => {
    const { pages } = layoutCheatsheet(bigPack(200), { paper: 'letter' });
    expect(escapes(pages)).toEqual([]);
  });

  it('builds byte-identical PDFs from the same pack', async () => {
    const p = glyphPack();
    const a = await renderCheatsheet(p, { paper: 'a4' });
    const b = await renderCheatsheet(p, { paper: 'a4' });
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
  });

  it('dates the PDF from SOURCE_DATE_EPOCH, else from a fixed epoch', async () => {
    const p = pack([entry()]);
    const before = process.env.SOURCE_DATE_EPOCH;
    try {
      delete process.env.SOURCE_DATE_EPOCH;
      const fixed = (await renderCheatsheet(p, { paper: 'a4' })).pdf.toString('latin1');
      expect(fixed).toContain('D:19700101000000Z');
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      const dated = (await renderCheatsheet(p, { paper: 'a4' })).pdf.toString('latin1');
      expect(dated).toContain('D:20231114221320Z');
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
  });

  it('warns about a character no font has, naming it and the line of its entry', async () => {
    const p = pack([entry({ question: 'What is \u{f0000}?', source: { file: 'guides/x.md', line: 42 } })]);
    const { diagnostics } = await renderCheatsheet(p, { paper: 'a4' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      ruleId: 'glyph-missing',
      severity: 'warning',
      file: 'guides/x.md',
      line: 42,
    });
    expect(diagnostics[0]?.message).toContain('U+F0000');
  });

  it('groups entries by category in taxonomy order and puts follow-ups right under their parent', () => {
    const parent = entry({ question: 'Parent?', category: 'security' });
    const entries = [
      entry({ question: 'Behavioral?', category: 'behavioral' }),
      parent,
      entry({ question: 'Overview?', category: 'overview' }),
      entry({ question: 'Follow-up?', category: 'data', followUpOf: parent.id }),
    ];
    const order = printOrder(entries).map((g) => [
      g.category,
      g.items.map((i) => `${i.entry.question}@${i.depth}`),
    ]);
    expect(order).toEqual([
      ['Project overview & pitch', ['Overview?@0']],
      ['Security', ['Parent?@0', 'Follow-up?@1']],
      ['Behavioral & career', ['Behavioral?@0']],
    ]);
  });

  it('prints the prompt under its question and before the gist, code in the mono font at the size of the gist, indented', async () => {
    const asked = entry({
      question: 'What does pick(1, 3) return?',
      prompt: [
        '```js',
        'function pick(a, b) {',
        '  if (a < b && b & 1) return "<ok>";',
        '  return null;',
        '}',
        '```',
        '',
        '- A) `"<ok>"`',
        '- B) `null`',
      ].join('\n'),
      gist: 'A: 1 is less than 3 and 3 is odd.',
    });
    const p = pack([asked, entry({ question: 'What comes next?' })]);
    const lines = pdftotext((await renderCheatsheet(p, { paper: 'a4' })).pdf)
      .split('\n')
      .map((l) => l.trim());
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    const order = [
      'What does pick(1, 3) return?',
      'function pick(a, b) {',
      'if (a < b && b & 1) return "<ok>";',
      'return null;',
      'A) "<ok>"',
      'B) null',
      'A: 1 is less than 3 and 3 is odd.',
      'What comes next?',
    ].map(at);
    expect(
      order.every((i) => i >= 0),
      JSON.stringify(order),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const runs = layoutCheatsheet(p, { paper: 'a4' }).pages.flatMap((page) =>
      page.items.flatMap((i) => (i.kind === 'text' ? [i.run] : [])),
    );
    const run = (text: string) => runs.find((r) => r.text.includes(text));
    const [open, body, gist] = [run('function pick'), run('if (a < b'), run('1 is less than')];
    expect(open?.face).toBe('mono');
    expect(body?.face).toBe('mono');
    expect(body?.size).toBe(gist?.size);
    expect((body?.x ?? 0) - (open?.x ?? 0)).toBeGreaterThan(body?.size ?? 1);
  });

  it('keeps a prompt of a few lines in the column of its question, wherever the question falls', () => {
    const code = Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i % 3)}step_${i}()`).join('\n');
    for (let before = 50; before < 110; before += 3) {
      const fillers = bigPack(before).entries;
      const asked = entry({
        question: 'Which step runs last?',
        prompt: `\`\`\`\n${code}\n\`\`\``,
        category: 'behavioral',
      });
      const { pages } = layoutCheatsheet(pack([...fillers, asked]), { paper: 'a4' });
      const where = (text: string) =>
        pages.flatMap((page, n) =>
          page.items.flatMap((i) =>
            i.kind === 'text' && i.run.text.includes(text) ? [`${n}:${i.frame}`] : [],
          ),
        );
      const column = where('Which step runs last?');
      expect(column).toHaveLength(1);
      for (const k of [0, 11]) expect(where(`step_${k}()`), `${before} entries before`).toEqual(column);
    }
  });

  it('prints "No answer in the guide yet." in grey italics in place of the gist of an unanswered question', async () => {
    const open = entry({
      question: 'What is still missing?',
      answer: 'TBD',
      gist: 'TBD',
      answered: false,
      unanswered: true,
    });
    const p = pack([open]);
    const text = pdftotext((await renderCheatsheet(p, { paper: 'a4' })).pdf);
    expect(text).toContain('What is still missing?\nNo answer in the guide yet.');
    expect(text).not.toContain('TBD');
    const runs = layoutCheatsheet(p, { paper: 'a4' }).pages.flatMap((page) =>
      page.items.flatMap((i) => (i.kind === 'text' ? [i.run] : [])),
    );
    const note = runs.find((r) => r.text.includes('No answer'));
    expect(note?.face).toBe('sans-oblique');
    expect(note?.color).toBe(COLORS.faint);
  });

  it('prints the key terms on one line, the first ones that fit, even from a long list of the guide', () => {
    const keyTerms = [
      'Portfolio project',
      'system design demonstration',
      'full-stack engineering',
      'trade-off awareness',
      'horizontal scaling',
      'observability',
    ];
    const p = pack([entry({ question: 'Why build another one?', keyTerms })]);
    const runs = layoutCheatsheet(p, { paper: 'a4' }).pages.flatMap((page) =>
      page.items.flatMap((i) => (i.kind === 'text' ? [i] : [])),
    );
    const termRuns = runs.filter((i) => i.run.color === COLORS.muted && i.run.face === 'sans-oblique');
    expect(termRuns.length).toBeGreaterThan(0);
    expect(new Set(termRuns.map((i) => i.y)).size).toBe(1);
    expect(termRuns.map((i) => i.run.text).join('')).toContain('Portfolio project');
  });

  it('prints on US Letter when asked', async () => {
    const { pages } = layoutCheatsheet(pack([entry()]), { paper: 'letter' });
    expect(pages[0]?.width).toBe(612);
    expect(pages[0]?.height).toBe(792);
  });

  it('never sets text smaller than 6 pt', () => {
    const { pages } = layoutCheatsheet(bigPack(50), { paper: 'a4' });
    const sizes = pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'text' ? [i.run.size] : [])));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(6);
  });
});
