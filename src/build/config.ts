// What every output depends on besides its guide: studypack's own code and version, the
// templates and taxonomy, the fonts, the options. A change to any of them rebuilds every pack.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDate } from '../layout/build-date.js';
import { CODE_DIR, PACKAGE_ROOT, TEMPLATES_DIR } from '../paths.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The file of dist/ that holds the hash of the bundle's files (scripts/build.mjs writes it). */
export const CODE_HASH_FILE = 'code-hash.txt';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** A package's version; from the folder of its entry point when it does not export package.json (sql.js). */
function versionOf(require: NodeRequire, name: string): string {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? '?';
  } catch {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const path = join(dir, 'package.json');
      if (!existsSync(path)) continue;
      const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    }
    return '?';
  }
}

/**
 * The version of `name` read straight from `node_modules/<name>/package.json` in this module's
 * folder or the nearest above, where Node looks first; undefined when it is not found there or
 * cannot be read, for `versionOf` to resolve. Resolving through `require` costs a no-op build
 * more than all its reading of files.
 */
function installedVersion(name: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const text = readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8');
      const pkg = JSON.parse(text) as { name?: string; version?: unknown };
      return pkg.name === name && typeof pkg.version === 'string' ? pkg.version : undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function fontVersions(): string {
  const require = createRequire(import.meta.url);
  // SQLite (sql.js) and the ZIP writer shape the Anki packages' bytes as the fonts shape the PDFs'.
  return [
    'dejavu-fonts-ttf',
    '@expo-google-fonts/noto-emoji',
    '@expo-google-fonts/noto-sans-sc',
    'pdfkit',
    'sql.js',
    'fflate',
  ]
    .map((name) => {
      try {
        return `${name}@${installedVersion(name) ?? versionOf(require, name)}`;
      } catch {
        return `${name}@none`;
      }
    })
    .join(',');
}

export interface RenderOptions {
  paper: 'a4' | 'letter';
}

/**
 * One hash over code, templates, fonts and options; files are hashed by content. The PDFs' date
 * (SOURCE_DATE_EPOCH) is an option too: a pack built with another date is not up to date.
 */
export function configHash(options: RenderOptions, templatesDir = TEMPLATES_DIR): string {
  const h = createHash('sha256');
  const date = buildDate().getTime();
  h.update(`studypack@${packageVersion()}\n${fontVersions()}\n${JSON.stringify(options)}\ndate=${date}\n`);
  // The bundle's own hash, written by `npm run build`, stands for its files: reading all of dist/
  // would be a tenth of a no-op build. Without it (code run from src/), the files are read.
  const bundled = join(CODE_DIR, CODE_HASH_FILE);
  const hashed = existsSync(bundled) ? [templatesDir] : [templatesDir, CODE_DIR];
  if (hashed.length === 1) h.update(`code\0${readFileSync(bundled, 'utf8')}\0`);
  for (const dir of hashed) {
    for (const file of walk(dir)) {
      if (!/\.(js|ts|hbs|html|json|md|txt|css)$/.test(file) || /\.d\.ts$/.test(file)) continue;
      h.update(`${file.slice(PACKAGE_ROOT.length)}\0${statSync(file).size}\0`);
      h.update(readFileSync(file));
    }
  }
  return h.digest('hex').slice(0, 32);
}

/** The folders whose changes a watch rebuilds for. */
export const WATCHED_CONFIG_DIRS = [TEMPLATES_DIR];
