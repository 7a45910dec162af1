// Plain paragraphs that ask, each followed by its answer, are cards only as a run: one paragraph
// ending in "?" inside prose is prose.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { parseMarkdown } from '../../src/parse/index.js';

const questionsOf = (md: string): string[] =>
  extract(parseMarkdown(md), md, 'guides/t.md').blocks.map((b) => b.question);

describe('plain question and answer paragraphs', () => {
  it('read a run of three pairs or more as cards', () => {
    const md =
      'Is Redis single-threaded?\n\nMostly.\n\nWhy use it?\n\nSpeed.\n\nWhat is AOF?\n\nA write log.\n';
    expect(questionsOf(md)).toEqual(['Is Redis single-threaded?', 'Why use it?', 'What is AOF?']);
  });

  it('leave a lone question in prose, or two pairs, as prose', () => {
    expect(questionsOf('We moved to Postgres.\n\nWhy?\n\nJoins.\n\nIt went well.\n')).toEqual([]);
    expect(questionsOf('Why Redis?\n\nSpeed.\n\nWhy Go?\n\nSimple.\n')).toEqual([]);
  });
});
