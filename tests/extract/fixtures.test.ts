// One test per fixture folder: tests/fixtures/<style>/input.md must give expected.json.
// `UPDATE=1 npm test` rewrites the expected files; read the diff before committing it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../../src/model.js';
import { packOf } from '../helpers.js';

const root = new URL('../fixtures/', import.meta.url).pathname;
const cases = readdirSync(root).filter(
  (d) =>
    existsSync(join(root, d, 'input.md')) &&
    !d.startsWith('anki-') &&
    !d.startsWith('pdf-') &&
    !d.startsWith('read-'),
);

/** What a fixture pins: everything a reader of the pack sees, without the derived hashes. */
function view(pack: Pack) {
  const byId = new Map(pack.entries.map((e) => [e.id, e.question]));
  return {
    title: pack.project.title,
    slug: pack.project.slug,
    pitch: pack.project.pitch,
    entries: pack.entries.map((e) => ({
      question: e.question,
      ...(e.prompt ? { prompt: e.prompt } : {}),
      section: e.section,
      followUpOf: e.followUpOf ? byId.get(e.followUpOf) : null,
      category: e.category,
      gist: e.gist,
      keyTerms: e.keyTerms,
      line: e.source.line,
      ...(e.unanswered ? { unanswered: true } : {}),
      answer: e.answer,
    })),
    facts: pack.facts,
    diagnostics: pack.diagnostics.map((d) => `${d.severity} ${d.ruleId} ${d.line}`),
  };
}

describe('authoring styles', () => {
  it('has a fixture for every style the extractor claims to read', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of cases) {
    it(`reads the ${name} style as expected.json says`, () => {
      const input = readFileSync(join(root, name, 'input.md'), 'utf8');
      const actual = view(packOf(input, 'input.md'));
      const expectedFile = join(root, name, 'expected.json');
      if (process.env.UPDATE === '1' || !existsSync(expectedFile)) {
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});
