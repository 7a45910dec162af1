// guides/.studypackignore: the files of the guides folder that are not guides (notes, drafts, the
// folder's README), in gitignore syntax. The `ignore` package matches, as git does; this module
// reads the file and reports, by line, what can never match, instead of dropping it silently.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Ignore from 'ignore';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { shownPath } from './guides.js';

export const IGNORE_FILE = '.studypackignore';

/**
 * `ignore`, loaded when a guides folder has an ignore file (most have none): left out of the
 * bundle, it is not parsed by every build that starts (scripts/build.mjs).
 */
const loadIgnore = (): typeof Ignore => createRequire(import.meta.url)('ignore') as typeof Ignore;

export interface GuideFilter {
  /** True when the file, named relative to the guides folder (`README.md`), is excluded. */
  ignores(name: string): boolean;
  /** What is wrong with the ignore file, each at its line. */
  diagnostics: Diagnostic[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a line of the file can match no file, or null when it is a pattern like any other. */
function lineProblem(line: string): string | null {
  const negated = line.startsWith('!');
  // Trailing spaces are dropped unless escaped, as git does.
  const body = (negated ? line.slice(1) : line).replace(/(?<!\\) +$/, '');
  if (CONTROL.test(body)) return 'holds control characters, as a binary file would';
  if (negated && body === '') return 'negates nothing';
  if (/(?:^|[^\\])(?:\\\\)*\\$/.test(body)) return 'ends in a lone backslash, which matches no file';
  if (unclosedBracket(body)) return 'opens a "[" that is never closed, which matches no file';
  if (body.split('/').some((part) => part === '.' || part === '..'))
    return 'names "." or "..": patterns are relative to the guides folder and never leave it';
  return null;
}

/** True when a `[` of the pattern (not escaped) has no `]` to close it. */
function unclosedBracket(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[') {
      // A `]` right after `[` or `[!` is part of the class, as in `[]a]`.
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      const close = pattern.indexOf(']', j);
      if (close < 0) return true;
      i = close;
    }
  }
  return false;
}

/**
 * The rules of `<guidesDir>/.studypackignore`; none when there is no such file. A file that
 * cannot be read, and each line that is not UTF-8 or can match no file, is reported as a warning
 * at its line and left out: the build goes on with the lines it could use.
 */
export function readIgnoreFile(guidesDir: string): GuideFilter {
  const path = join(guidesDir, IGNORE_FILE);
  const shown = shownPath(path);
  const diagnostics: Diagnostic[] = [];
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ignores: () => false, diagnostics };
    const why = code === 'EISDIR' ? 'is a folder' : `could not be read (${code})`;
    diagnostics.push(diagnostic('ignore-file-invalid', `${shown} ${why}; no file is excluded.`, shown));
    return { ignores: () => false, diagnostics };
  }
  const ignore = loadIgnore();
  const rules = ignore();
  let start = 0;
  for (let n = 1; start <= bytes.length; n++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    let raw = bytes.subarray(start, end);
    start = end + 1;
    if (raw.at(-1) === 0x0d) raw = raw.subarray(0, -1);
    let line: string;
    try {
      line = decoder.decode(raw);
    } catch {
      diagnostics.push(
        diagnostic('ignore-file-invalid', `Line ${n} is not UTF-8 text; it is left out.`, shown, n),
      );
      continue;
    }
    if (n === 1) line = line.replace(/^\uFEFF/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const problem = lineProblem(line);
    if (problem) {
      diagnostics.push(
        diagnostic('ignore-file-invalid', `"${line}" ${problem}; the line is left out.`, shown, n),
      );
      continue;
    }
    rules.add(line);
  }
  return {
    ignores: (name) => {
      // A name `ignore` cannot take as a relative path is no file of the folder.
      return ignore.isPathValid(name) && rules.ignores(name);
    },
    diagnostics,
  };
}
