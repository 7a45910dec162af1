// The front matter: the YAML between `---` lines at the very top of a guide, found where
// remark-frontmatter finds it and read with the yaml package. The build reads it for the slug
// before a guide is parsed, extraction for everything else: both read it here, so they agree.
import { createRequire } from 'node:module';
import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';

/**
 * As micromark-extension-frontmatter reads it (on text whose line endings are `\n`): a `---` line
 * at the very top, trailing spaces and tabs allowed, then lines up to the first `---` line.
 */
const BLOCK = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/;

/** The YAML parser, loaded on the first guide with front matter: most guides have none. */
let yaml: typeof import('yaml') | undefined;
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

export interface FrontMatter {
  /** Its `key: value` pairs; empty when there is no front matter or it could not be read. */
  data: Record<string, unknown>;
  /** Why it was ignored, or what in it was. */
  diagnostics: Diagnostic[];
}

/** The text between the `---` lines, or null when the guide has no front matter. */
export function frontMatterText(text: string): string | null {
  const block = BLOCK.exec(text);
  return block ? (block[1] ?? '') : null;
}

/** Reads the front matter of a guide's text; never throws. */
export function readFrontMatter(text: string, file: string): FrontMatter {
  const yamlText = frontMatterText(text);
  if (yamlText === null) return { data: {}, diagnostics: [] };
  let value: unknown;
  try {
    value = parseYaml(yamlText);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const detail = `Front matter is not valid YAML (${reason}); it was ignored.`;
    return { data: {}, diagnostics: [diagnostic('front-matter-invalid', detail, file, 1)] };
  }
  if (value === null || value === undefined) return { data: {}, diagnostics: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const detail = 'Front matter is not a set of `key: value` lines; it was ignored.';
    return { data: {}, diagnostics: [diagnostic('front-matter-invalid', detail, file, 1)] };
  }
  const data = value as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const slug = data.slug;
  if (slug !== undefined && slug !== null && typeof slug !== 'string' && typeof slug !== 'number') {
    const detail = `The front matter's slug is not text (${Array.isArray(slug) ? 'a list' : typeof slug}); it was ignored and the file name gives the slug.`;
    diagnostics.push(diagnostic('front-matter-invalid', detail, file, 1));
  }
  return { data, diagnostics };
}
