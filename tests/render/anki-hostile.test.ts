// Guide text that Anki or a spreadsheet would act on: `[sound:…]` anywhere on a card, and fields
// that a spreadsheet would run as a formula. Read back with a CSV parser, as the tools do.
import { describe, expect, it } from 'vitest';
import { renderAnkiCsv, renderCombinedAnkiCsv } from '../../src/render/anki-csv.js';
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
