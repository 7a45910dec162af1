import { describe, expect, it } from 'vitest';
import { layoutCheatsheet, printOrder, renderCheatsheet } from '../../src/render/cheatsheet.js';
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
