// Shared by the hardening tests: throw-away workspaces, snapshots of a folder tree, the compiled
// command line, and checks that an output file is whole.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import {
  comparable,
  damagedFiles as damagedFilesOf,
  readAnkiCsv,
  wholeFileProblems,
} from '../../scripts/fault-trials.mjs';
import { validatePack } from '../../src/schema.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');

/** A guide that builds: one question, one answer. */
export function goodGuide(title = 'Good', extra = ''): string {
  return `# ${title}\n\n## "Why is this guide fine?"\n\nBecause it has a question and an answer.${extra}\n`;
}

export interface Workspace {
  root: string;
  guides: string;
  out: string;
  write(name: string, data: string | Uint8Array): string;
}

/** Workspaces made by the test file that imports this module, removed once its tests ran. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Still mounted or made immutable by a test that failed half-way: left for the system to clean.
    }
  }
});

/** A fresh folder with guides/ holding `files`; out/ is not created. */
export function workspace(
  files: Record<string, string | Uint8Array> = {},
  prefix = 'studypack-hard-',
): Workspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  made.push(root);
  const guides = join(root, 'guides');
  mkdirSync(guides);
  const write = (name: string, data: string | Uint8Array): string => {
    const path = join(guides, name);
    writeFileSync(path, data);
    return path;
  };
  for (const [name, data] of Object.entries(files)) write(name, data);
  return { root, guides, out: join(root, 'out'), write };
}

/** Every entry under `dir` (files by content hash, the manifest without its times; links by target, folders as such), by relative path. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const rel = relative(dir, path);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(path)}`);
      else if (st.isDirectory()) {
        out.set(rel, 'dir');
        walk(path);
      } else {
        // The manifest's stamps hold the outputs' modification times: compared without them.
        const bytes = comparable(rel, readFileSync(path));
        out.set(rel, `file:${createHash('sha256').update(bytes).digest('hex')}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** What changed between two snapshots: added, removed and modified paths, sorted. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** Builds dist/ when it is missing (a fresh checkout without `npm install`); true when it is there. */
export function ensureDist(): boolean {
  if (existsSync(CLI)) return true;
  const lock = join(tmpdir(), 'studypack-hardening-dist.lock');
  let fd: number | undefined;
  try {
    fd = openSync(lock, 'wx');
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
  } catch {
    // Another test file is building it, or tsc failed: wait for it below, then give up.
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  for (let k = 0; k < 600 && !existsSync(CLI); k++) spawnSync('sleep', ['0.1']);
  return existsSync(CLI);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` in `cwd` and waits for it. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** True for the kind of text a person would call a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[(:]\d+:\d+\)?/.test(text) || /\bat (?:file|node):/.test(text);
}

/** Every file under `dir` that is not whole (PDF, JSON, pack, CSV), with why; temp files aside. */
export function damagedFiles(dir: string): string[] {
  return damagedFilesOf(dir, validatePack);
}

export { readAnkiCsv, wholeFileProblems };
