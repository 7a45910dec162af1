// Where a build keeps what is not in out/: the identity file, beside the guides.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where the identity file lives: in the guides folder, or, when guides are named on the command
 * line and there is no guides folder, beside the first of them.
 */
export function identityFolder(options: { guidesDir: string; files?: string[] }): string {
  const first = options.files?.[0];
  if (first === undefined || isDirectory(options.guidesDir)) return options.guidesDir;
  return dirname(first);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
