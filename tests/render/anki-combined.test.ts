// The combined deck the build streams from each project's deck equals the one rendered from packs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMBINED_HEADERS,
  combinedRowsOf,
  renderAnkiCsv,
  renderCombinedAnkiCsv,
} from '../../src/render/anki-csv.js';
import { runs } from '../fuzz.js';
import { SEEDS, seedPack } from '../helpers.js';
import { makeEntry, makePack } from './anki-factory.js';

describe('the combined deck', () => {
  it('is each project deck with a deck column, byte for byte what rendering all packs gives', () => {
    const packs = SEEDS.map(seedPack);
    const streamed = `${COMBINED_HEADERS.join('\n')}\n${packs.map((p) => combinedRowsOf(renderAnkiCsv(p))).join('')}`;
    expect(streamed).toBe(renderCombinedAnkiCsv(packs));
  });

  it('is the project decks with a deck column when fronts hold multi-line prompts and notes are unanswered', () => {
    const packs = [
      makePack([
        makeEntry({
          question: '# What is printed?',
          prompt: '```py\nfor i in range(2):\n    print("i", i)\n```',
        }),
        makeEntry({
          answer: '',
          answered: false,
          unanswered: true,
          prompt: '| a | b |\n|---|---|\n| "1" | 2 |',
        }),
      ]),
    ];
    const streamed = `${COMBINED_HEADERS.join('\n')}\n${packs.map((p) => combinedRowsOf(renderAnkiCsv(p))).join('')}`;
    expect(streamed).toBe(renderCombinedAnkiCsv(packs));
    expect(streamed.replace(/<\/?span[^>]*>/g, '')).toContain('    print(""i"", i)');
    expect(streamed).toContain('studypack::unanswered');
  });

  it('keeps rows whose fields hold newlines, quotes and a leading #', () => {
    const csv =
      '#separator:comma\n#deck:Interview Prep::X\n"# a","line 1\nline ""2""","t","sp-aaaaaaaaaaaaa"\n"b","c","t","sp-bbbbbbbbbbbbb"\n';
    expect(combinedRowsOf(csv)).toBe(
      '"# a","line 1\nline ""2""","t","sp-aaaaaaaaaaaaa","Interview Prep::X"\n"b","c","t","sp-bbbbbbbbbbbbb","Interview Prep::X"\n',
    );
  });
});

/** Rows of a deck's body as the simplest reading gives them: one character at a time. */
function rowsByCharacter(body: string, suffix: string): string {
  let out = '';
  let inQuotes = false;
  let rowStart = 0;
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === '\n' && !inQuotes) {
      if (k > rowStart) out += `${body.slice(rowStart, k)}${suffix}\n`;
      rowStart = k + 1;
    }
  }
  if (rowStart < body.length) out += `${body.slice(rowStart)}${suffix}\n`;
  return out;
}

describe('combining a deck', () => {
  it('splits rows exactly as reading it one character at a time does', () => {
    const body = fc
      .array(fc.constantFrom('"', '""', '\n', ',', 'a', 'text ', '\n\n', '"x\ny"'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(body, (b) => {
        expect(combinedRowsOf(`#separator:comma\n#deck:D\n${b}`)).toBe(rowsByCharacter(b, ',"D"'));
      }),
      { numRuns: runs(2000) },
    );
  });
});
