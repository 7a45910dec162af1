// The templates, the Anki note type's files and the taxonomy are checked once before guides are
// built: a broken one is one error naming its file and line, not every guide failing with it.
import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { compileTaxonomy, TAXONOMY_PATH } from '../normalize/category.js';
import { TEMPLATES_DIR } from '../paths.js';
import { NOTE_TYPE_FILES } from '../render/apkg/note-type.js';

const TEMPLATES = ['anki-back.hbs', 'anki-front.hbs', 'summary.hbs'];

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/**
 * The texts last checked and what was found: a watch checks before every build, and templates
 * and a taxonomy read as before are not parsed and compiled again.
 */
let lastChecked: { texts: string; problem: string | null } | null = null;

/** What is wrong with the templates or the taxonomy, as `file:line: message`; null when nothing. */
export function templatesProblem(dir = TEMPLATES_DIR, taxonomy = TAXONOMY_PATH): string | null {
  let texts: string;
  try {
    const noteType = Object.values(NOTE_TYPE_FILES).map((file) => join(dir, basename(file)));
    texts = [...TEMPLATES.map((name) => join(dir, name)), ...noteType, taxonomy]
      .map((path) => `${path}\u0000${readFileSync(path, 'utf8')}`)
      .join('\u0000');
  } catch {
    return checkTemplates(dir, taxonomy);
  }
  if (lastChecked?.texts !== texts) lastChecked = { texts, problem: checkTemplates(dir, taxonomy) };
  return lastChecked.problem;
}

function checkTemplates(dir: string, taxonomy: string): string | null {
  for (const name of TEMPLATES) {
    const path = join(dir, name);
    try {
      Handlebars.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // "Parse error on line 4: …" or "if doesn't match each - 3:3".
      const line = /line (\d+)/.exec(message)?.[1] ?? / - (\d+):\d+$/.exec(message)?.[1];
      // The parser's picture of the line and its caret say less than the message's last line.
      const lines = message.split('\n');
      const detail = lines.length > 2 ? `${lines[0]} ${lines[lines.length - 1]}` : message;
      return `${shown(path)}${line ? `:${line}` : ''}: the template cannot be read: ${detail}`;
    }
  }
  for (const path of Object.values(NOTE_TYPE_FILES).map((file) => join(dir, basename(file)))) {
    try {
      readFileSync(path, 'utf8');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return `${shown(path)}: the Anki note type's file cannot be read: ${message.split('\n')[0]}`;
    }
  }
  try {
    compileTaxonomy(JSON.parse(readFileSync(taxonomy, 'utf8')));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `${shown(taxonomy)}: the taxonomy cannot be read: ${message.split('\n')[0]}`;
  }
  return null;
}
