// Shared by the fault tests: a small corpus whose edits are easy to see, a first build made once
// and copied, temp files of atomic writes, and the immutable attribute that stops even root.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { expect } from 'vitest';
import { runCli, snapshot, type Workspace, workspace } from './helpers.js';

export const BUILD = ['build', '--guides', 'guides', '--out', 'out', '--jobs', '1'];
const TEMP = /^\..+\.\d+(?:@[A-Za-z0-9-]+)?\.[0-9a-f]{8}\.tmp$/;

/** Small guides, each with a line the tests edit. */
export function corpus(n: number, revision = 0): Record<string, string> {
  const files: Record<string, string> = {};
  for (let k = 1; k <= n; k++) {
    files[`guide-${k}.md`] =
      `# Project ${k}\n\n## "How does part ${k} work?"\n\nIt works well, revision ${revision}.\n\n` +
      `## "Why was part ${k} built this way?"\n\nBecause **queues** absorb bursts.\n`;
  }
  return files;
}

export function rewrite(ws: Workspace, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
}

/** Temp files of atomic writes left anywhere under `dir`. */
export function temps(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((p) => TEMP.test(p.split('/').pop() ?? ''));
}

const built = new Map<number, Promise<Workspace>>();
/**
 * A workspace whose `n` guides were built once, undisturbed: each call copies the same first
 * build (guides, identity file, out/), so the tests start from it without paying for it again.
 */
export async function builtWorkspace(n: number): Promise<Workspace> {
  let base = built.get(n);
  if (!base) {
    base = (async () => {
      const ws = workspace(corpus(n), 'studypack-base-');
      const r = await runCli(BUILD, ws.root);
      expect(r.code, r.stderr).toBe(0);
      return ws;
    })();
    built.set(n, base);
  }
  const from = await base;
  const ws = workspace({}, 'studypack-copy-');
  cpSync(from.guides, ws.guides, { recursive: true });
  cpSync(from.out, ws.out, { recursive: true });
  return ws;
}

/** Root ignores file modes; the immutable attribute stops root too, where the file system has it. */
export function immutable(path: string, on: boolean): boolean {
  return spawnSync('chattr', [on ? '+i' : '-i', path]).status === 0;
}

let frozen: boolean | undefined;
/** True when chattr +i works here (root on ext4, xfs, btrfs); tests that need it skip elsewhere. */
export function canFreezeFiles(): boolean {
  if (frozen === undefined) {
    const probe = workspace();
    frozen = immutable(probe.guides, true) && immutable(probe.guides, false);
  }
  return frozen;
}
