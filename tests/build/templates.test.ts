// A broken template or taxonomy is one error naming its file and line, before any guide is built.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templatesProblem } from '../../src/build/templates.js';
import { TAXONOMY_PATH } from '../../src/normalize/category.js';
import { TEMPLATES_DIR } from '../../src/paths.js';

function templatesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'studypack-templates-'));
  const names = ['anki-back.hbs', 'anki-front.hbs', 'summary.hbs', 'taxonomy.json'];
  for (const name of [...names, 'apkg-front.html', 'apkg-back.html', 'apkg.css'])
    copyFileSync(join(TEMPLATES_DIR, name), join(dir, name));
  return dir;
}

describe('templatesProblem', () => {
  it('finds nothing wrong with the shipped templates', () => {
    expect(templatesProblem()).toBeNull();
  });

  it('names the template and the line of an unclosed block', () => {
    const dir = templatesCopy();
    const path = join(dir, 'anki-back.hbs');
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.indexOf('<div class="studypack" style="text-align:left">');
    expect(at).toBeGreaterThan(0);
    lines.splice(at + 1, 0, '{{question}');
    writeFileSync(path, lines.join('\n'));
    expect(templatesProblem(dir, join(dir, 'taxonomy.json'))).toMatch(
      new RegExp(
        `anki-back\\.hbs:${at + 2}: the template cannot be read: Parse error on line ${at + 2}: Expecting .*got 'INVALID'$`,
      ),
    );
  });

  it('names the line of a block closed by the wrong name', () => {
    const dir = templatesCopy();
    writeFileSync(join(dir, 'summary.hbs'), '# {{title}}\n\n{{#each facts}}{{label}}{{/if}}\n');
    expect(templatesProblem(dir, join(dir, 'taxonomy.json'))).toMatch(
      /summary\.hbs:3: the template cannot be read: each doesn't match if/,
    );
  });

  it('names a taxonomy that is not JSON', () => {
    const dir = templatesCopy();
    writeFileSync(join(dir, 'taxonomy.json'), readFileSync(TAXONOMY_PATH, 'utf8').replace('{', '{,'));
    expect(templatesProblem(dir, join(dir, 'taxonomy.json'))).toMatch(
      /taxonomy\.json: the taxonomy cannot be read/,
    );
  });

  it('names a file of the Anki note type that cannot be read', () => {
    const dir = templatesCopy();
    rmSync(join(dir, 'apkg.css'));
    expect(templatesProblem(dir, join(dir, 'taxonomy.json'))).toMatch(
      /apkg\.css: the Anki note type's file cannot be read: ENOENT/,
    );
  });
});
