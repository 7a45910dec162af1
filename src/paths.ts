// Where studypack's own files are: the package root, its templates, the code that runs. Found by
// walking up from this module, so the same code works from src/ (tests), from the tsc output and
// from the bundled dist/, whatever folder a module ends up in.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`studypack's package.json and templates/ were not found above ${from}`);
    dir = up;
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The package root: where package.json, templates/ and node_modules/ are. */
export const PACKAGE_ROOT = findRoot(here);

/** The editable templates and taxonomy. */
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** The folder of the running code: `src` under the tests, `dist` when built. */
export const CODE_DIR = join(PACKAGE_ROOT, relative(PACKAGE_ROOT, here).split(sep)[0] ?? '');

/** A file of the templates folder. */
export function templatePath(name: string): string {
  return join(TEMPLATES_DIR, name);
}
