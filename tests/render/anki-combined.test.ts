// The combined deck the build streams from each project's deck equals the one rendered from packs.
import { describe, expect, it } from 'vitest';
import {
  COMBINED_HEADERS,
  combinedRowsOf,
  renderAnkiCsv,
  renderCombinedAnkiCsv,
} from '../../src/render/anki-csv.js';
import { SEEDS, seedPack } from '../helpers.js';

describe('the combined deck', () => {
  it('is each project deck with a deck column, byte for byte what rendering all packs gives', () => {
    const packs = SEEDS.map(seedPack);
    const streamed = `${COMBINED_HEADERS.join('\n')}\n${packs.map((p) => combinedRowsOf(renderAnkiCsv(p))).join('')}`;
    expect(streamed).toBe(renderCombinedAnkiCsv(packs));
  });

  it('keeps rows whose fields hold newlines, quotes and a leading #', () => {
    const csv =
      '#separator:comma\n#deck:Interview Prep::X\n"# a","line 1\nline ""2""","t","sp-aaaaaaaaaaaaa"\n"b","c","t","sp-bbbbbbbbbbbbb"\n';
    expect(combinedRowsOf(csv)).toBe(
      '"# a","line 1\nline ""2""","t","sp-aaaaaaaaaaaaa","Interview Prep::X"\n"b","c","t","sp-bbbbbbbbbbbbb","Interview Prep::X"\n',
    );
  });
});
