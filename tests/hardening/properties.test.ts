// Promise 2, by property: arbitrary Markdown-like text never throws in the first half of the
// pipeline and always gives a valid pack; arbitrary entries come back out of the Anki CSV field
// for field; arbitrary text is laid out inside its page and columns, and comes back out of the PDF.
// `FUZZ_RUNS=2000 npx vitest run tests/hardening/properties.test.ts` runs every property longer.
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { packFromBytes } from '../../src/build/pack.js';
import { CATEGORIES, type Entry, type Pack } from '../../src/model.js';
import { slugify } from '../../src/normalize/slug.js';
import {
  COMBINED_HEADERS,
  cardRenderers,
  combinedRowsOf,
  entryTags,
  renderAnkiCsv,
  renderBack,
  renderCombinedAnkiCsv,
  renderFront,
} from '../../src/render/anki-csv.js';
import { layoutCheatsheet, renderCheatsheet } from '../../src/render/cheatsheet.js';
import { markdownToHtml } from '../../src/render/html.js';
import { layoutSummary } from '../../src/render/summary.js';
import { validatePack } from '../../src/schema.js';
import { runs } from '../fuzz.js';
import { escapes, pdfPages } from '../render/pdf-factory.js';
import { readAnkiCsv } from './helpers.js';
import { liveHtml } from './html-scan.js';

/** Enough time for FUZZ_RUNS cases of the slower properties (some 20 ms each), and never under a minute. */
const FUZZ_TIMEOUT = Math.max(60_000, runs(0) * 50);

const counted = new Map<string, number>();
function count(name: string): void {
  counted.set(name, (counted.get(name) ?? 0) + 1);
}
afterAll(() => {
  const lines = [...counted].map(([name, n]) => `  ${n} cases: ${name}`);
  process.stderr.write(`fuzz cases run\n${lines.join('\n')}\n`);
});

// ---- arbitraries ---------------------------------------------------------------------------

/** Hebrew, Arabic, combining marks, emoji with joiners, CJK, bidi controls: text that is hard to lay out. */
const HARD = [
  'שלום',
  'مرحبا',
  'e\u0301',
  'a\u0308\u0323',
  '👩‍💻',
  '🚀',
  '🇫🇷',
  '如何处理迁移',
  '\u202e',
  '\u200b',
  'ﬁ',
  'Å',
];

/** Pieces of Markdown in every authoring style studypack reads, and the ways they go wrong. */
const MARKDOWN_PIECES = [
  '# ',
  '## ',
  '### ',
  '#### ',
  '> ',
  '>> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '12) ',
  '  ',
  '    ',
  '\t',
  '**',
  '*',
  '_',
  '__',
  '`',
  '```',
  '```js\n',
  '~~~',
  '~~',
  '|',
  '| a | b |\n|---|---|\n',
  '---',
  '***',
  '===',
  '?',
  '？',
  '"',
  '“',
  '”',
  "'",
  'Q:',
  'A:',
  'Q1: ',
  '**Q2: ',
  '## 3. ',
  '**Interviewer**: *"',
  '**Follow-up: "',
  '**If they ask: "',
  '**Answer:** ',
  'How to Answer:',
  '**Key terms:** a, b, c',
  '## Elevator pitch\n\n',
  'Tell me about this project',
  '<details>',
  '<summary>',
  '</summary>',
  '</details>',
  '<script>alert(1)</script>',
  '<!--',
  '-->',
  '<br>',
  '[',
  ']',
  '(',
  ')',
  '](javascript:x)',
  'https://example.com',
  '![',
  '&amp;',
  '&#x27;',
  '\\',
  '{{',
  '}}',
  '[^1]',
  '[^1]: note\n',
  '- [ ] ',
  '---\ntitle: X\nslug: ../x\n---\n',
  '---\n',
  'slug: ',
  '\uFEFF',
  '\r\n',
  '\r',
  '\n',
  '\n\n',
  'Why',
  'How does it work',
  'What',
  'answer',
  'because',
  'Postgres',
  'Redis',
  ...HARD,
];

const markdownish = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...MARKDOWN_PIECES) },
      { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

/** Text for fields: quotes, separators, line breaks, markup characters and hard scripts. */
const TRICKY = [
  '"',
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '#',
  '<',
  '>',
  '&',
  "'",
  '`',
  '|',
  '::',
  ' ',
  '\\',
  '{{',
  '}}',
];
const fieldText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TRICKY, ...HARD) },
      { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz234567';

function makePack(
  slug: string,
  title: string,
  fields: Omit<Entry, 'id' | 'source' | 'answered'>[],
  prefix: string,
): Pack {
  const entries = fields.map((f, k) => ({
    answered: f.answer.trim() !== '',
    ...f,
    id: `sp-${prefix}${ID_CHARS[k % 32]}${ID_CHARS[Math.floor(k / 32) % 32]}aaaaa`,
    source: { file: 'guides/fuzz.md', line: k + 1 },
  }));
  entries.forEach((e, k) => {
    if (e.followUpOf !== null) e.followUpOf = entries[(k * 7) % entries.length]?.id ?? null;
  });
  return {
    schemaVersion: 1,
    project: { slug, title, source: 'guides/fuzz.md', pitch: '' },
    entries,
    facts: [],
    diagnostics: [],
  };
}

const entryFields = fc.record({
  question: fieldText.filter((q) => q.length > 0),
  prompt: fieldText,
  answer: fieldText,
  gist: fc.constant(''),
  keyTerms: fc.array(
    fieldText.filter((t) => t.length > 0),
    { maxLength: 4 },
  ),
  category: fc.constantFrom(...CATEGORIES.map((c) => c.id)),
  section: fieldText,
  followUpOf: fc.option(fc.constant('parent'), { nil: null }),
});

/** A pack of arbitrary entries; the prefix keeps the ids and slugs of two packs apart. */
const packArb = (prefix: string) =>
  fc
    .record({
      title: fieldText.filter((t) => t.trim().length > 0),
      name: fieldText,
      entries: fc.array(entryFields, { maxLength: 8 }),
    })
    .map(({ title, name, entries }) => makePack(`${prefix}-${slugify(name)}`, title, entries, prefix));

// ---- properties ----------------------------------------------------------------------------

describe('the first half of the pipeline', { timeout: FUZZ_TIMEOUT }, () => {
  it('never throws on Markdown-like text and always gives a valid pack whose diagnostics point into the guide', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        count('Markdown-like text → valid pack');
        const bytes = Buffer.from(text, 'utf8');
        const { pack, failed } = packFromBytes(bytes, { file: 'guides/fuzz.md' });
        expect(pack).not.toBeNull();
        const valid = validatePack(pack);
        const lines = text.split(/\r\n|\r|\n/).length;
        expect(failed).toBe(valid.diagnostics.some((d) => d.severity === 'error'));
        for (const d of valid.diagnostics) {
          expect(d.file).toBe('guides/fuzz.md');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines + 1);
        }
        const ids = new Set(valid.entries.map((e) => e.id));
        expect(ids.size).toBe(valid.entries.length);
        for (const e of valid.entries) {
          expect(e.source.line).toBeLessThanOrEqual(lines);
          if (e.followUpOf !== null) expect(ids.has(e.followUpOf)).toBe(true);
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('never throws on arbitrary bytes and always gives a valid pack', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          markdownish.map((t) => Buffer.from(t)),
          fc
            .tuple(markdownish, fc.uint8Array({ minLength: 1, maxLength: 16 }), markdownish)
            .map(([a, b, c]) => Buffer.concat([Buffer.from(a), b, Buffer.from(c)])),
        ),
        (bytes) => {
          count('arbitrary bytes → valid pack');
          const { pack, failed } = packFromBytes(bytes, { file: 'guides/bytes.md' });
          const valid = validatePack(pack);
          expect(failed).toBe(valid.diagnostics.some((d) => d.severity === 'error'));
        },
      ),
      { numRuns: runs(100) },
    );
  });
});

describe('the Anki CSV', { timeout: FUZZ_TIMEOUT }, () => {
  const render = cardRenderers();

  it('gives back, parsed with csv-parse, exactly the fields written for every entry', () => {
    fc.assert(
      fc.property(packArb('a'), (pack) => {
        count('entries → CSV → csv-parse round trip');
        const { headers, rows } = readAnkiCsv(renderAnkiCsv(pack));
        expect(headers).toHaveLength(9);
        expect(rows).toEqual(
          pack.entries.map((e) => [
            renderFront(pack, e, render.front),
            renderBack(pack, e, render.back),
            entryTags(pack, e).join(' '),
            e.id,
          ]),
        );
        for (const row of rows) expect(row[0]).not.toBe('');
      }),
      { numRuns: runs(60) },
    );
  });

  it('gives back every project of the combined deck, with its deck column, whatever the titles', () => {
    fc.assert(
      fc.property(packArb('b'), packArb('c'), (a, b) => {
        count('two packs → combined CSV round trip');
        const text = renderCombinedAnkiCsv([a, b]);
        const { headers, rows } = readAnkiCsv(text);
        expect(headers).toHaveLength(9);
        expect(rows).toHaveLength(a.entries.length + b.entries.length);
        expect(new Set(rows.map((r) => r.length))).toEqual(new Set(rows.length ? [5] : []));
        for (const row of rows) expect(row[4]).not.toMatch(/[\r\n]/);
        // No record starts with #, which Anki would drop as a comment; inside quotes # is text.
        const body = text.split('\n').slice(headers.length).join('\n');
        const records = parseCsv(body, { raw: true }) as unknown as { raw: string }[];
        for (const { raw } of records) expect(raw.startsWith('"')).toBe(true);
      }),
      { numRuns: runs(40) },
    );
  });

  it('streams the same combined deck from the project decks as it renders from the packs', () => {
    fc.assert(
      fc.property(packArb('e'), packArb('f'), (a, b) => {
        count('project decks → streamed combined deck = rendered one');
        const streamed = `${COMBINED_HEADERS.join('\n')}\n${[a, b].map((p) => combinedRowsOf(renderAnkiCsv(p))).join('')}`;
        expect(readAnkiCsv(streamed)).toEqual(readAnkiCsv(renderCombinedAnkiCsv([a, b])));
      }),
      { numRuns: runs(40) },
    );
  });

  it('never puts live HTML on a card, whatever the answer holds', () => {
    fc.assert(
      fc.property(markdownish, (answer) => {
        count('answer → card HTML has no live HTML');
        expect(liveHtml(markdownToHtml(answer))).toEqual([]);
      }),
      { numRuns: runs(100) },
    );
  });
});

describe('the PDF layout', () => {
  /** Words of printable text: letters of many scripts, digits, punctuation, emoji; no Markdown syntax. */
  const PRINTABLE = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?()-/+=%@'];
  /** Gists and pitches are Markdown: no list markers, headings, rules or emphasis in their words. */
  const PROSE = PRINTABLE.filter((c) => !/[-+.=/)]/.test(c));
  const SYMBOLS = [...HARD.filter((h) => !/[\u200b\u202e]/.test(h)), '→', '≈', '×', '─', '✅'];
  const words = (chars: string[]) =>
    fc
      .array(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 14 }),
          },
          { weight: 1, arbitrary: fc.constantFrom(...SYMBOLS) },
        ),
        { minLength: 1, maxLength: 30 },
      )
      .map((w) => w.join(' '));
  const printable = words(PRINTABLE);
  const prose = words(PROSE);
  /** Words as lines of code, indented by zero to four spaces. */
  const codeLines = (text: string) =>
    text
      .split(' ')
      .map((w, i) => `${'  '.repeat(i % 3)}${w}`)
      .join('\n');
  /** The text a prompt prints: its code, without the fence. */
  const promptText = (prompt: string) => prompt.replace(/^```\n|\n```$/g, '');

  const layoutPack = fc
    .record({
      title: printable,
      pitch: prose,
      entries: fc.array(
        fc.record({
          question: printable,
          code: fc.oneof(fc.constant(''), printable),
          gist: prose,
          category: fc.constantFrom(...CATEGORIES.map((c) => c.id)),
        }),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      facts: fc.array(fc.record({ label: printable, value: printable }), { maxLength: 4 }),
    })
    .map(({ title, pitch, entries, facts }) => {
      const pack = makePack(
        'fuzz',
        title,
        entries.map(({ code, ...e }) => ({
          ...e,
          prompt: code && `\`\`\`\n${codeLines(code)}\n\`\`\``,
          answer: e.gist,
          keyTerms: [],
          section: '',
          followUpOf: null,
        })),
        'p',
      );
      return { ...pack, project: { ...pack.project, pitch }, facts };
    });

  it(
    'never places a glyph outside the page or its column, on the cheat sheet or the summary card',
    () => {
      const anyText = fc.oneof(layoutPack, packArb('d'));
      fc.assert(
        fc.property(anyText, fc.constantFrom('a4' as const, 'letter' as const), (pack, paper) => {
          count('pack → cheat sheet and summary layout stay in their frames');
          expect(escapes(layoutCheatsheet(pack, { paper }).pages)).toEqual([]);
          expect(escapes(layoutSummary(pack, { paper }).pages)).toEqual([]);
        }),
        { numRuns: runs(15) },
      );
    },
    Math.max(60_000, runs(15) * 500),
  );

  it(
    'gives back every printable character of every question, prompt and gist from the PDF text',
    async () => {
      /** Code points, compatibility-decomposed, without white space. */
      const tally = (text: string): Map<string, number> => {
        const out = new Map<string, number>();
        for (const ch of text.normalize('NFKD').replace(/\s+/g, '')) out.set(ch, (out.get(ch) ?? 0) + 1);
        return out;
      };
      await fc.assert(
        fc.asyncProperty(layoutPack, async (pack) => {
          count('pack → cheat-sheet PDF text holds every character');
          const { pdf, diagnostics } = await renderCheatsheet(pack, { paper: 'a4' });
          const missing = new Set(
            diagnostics.flatMap((d) => [...(d.message.match(/U\+[0-9A-F]{4,6}/g) ?? [])]),
          );
          // pdf.js, not pdftotext: pdftotext joins a line that ends in "-" to the next as a hyphenated word.
          const have = tally((await pdfPages(pdf)).text.join('\n'));
          const want = tally(
            pack.entries.map((e) => `${e.question}${promptText(e.prompt)}${e.gist}`).join(''),
          );
          for (const [ch, n] of want) {
            const cp = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
            if (missing.has(cp)) continue;
            expect(have.get(ch) ?? 0, `${JSON.stringify(ch)} ${cp}`).toBeGreaterThanOrEqual(n);
          }
        }),
        { numRuns: runs(6) },
      );
    },
    Math.max(60_000, runs(6) * 1000),
  );
});
