// Guide files named on the command line that are not regular files: a link to /dev/zero would be
// read until memory runs out, and a FIFO blocks the first read forever. Each is a usage error that
// names the file; a guide is read only up to the size limit, however big it says it is.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GuideTooLarge, readBytes } from '../../src/build/scan.js';
import { MAX_GUIDE_BYTES } from '../../src/read/limits.js';
import { CLI, ensureDist, goodGuide, workspace } from './helpers.js';

beforeAll(() => {
  expect(ensureDist(), 'dist/cli.js is missing and `npm run build` could not make it').toBe(true);
});

/** Runs the CLI; kills it after `ms` and fails, instead of hanging the suite or filling memory. */
function runWithin(
  ms: number,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`studypack ${args.join(' ')} ran for more than ${ms} ms`));
    }, ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe.skipIf(process.platform === 'win32' || !existsSync('/dev/zero'))(
  'a guide named on the command line that is not a regular file',
  () => {
    it.concurrent('is a usage error naming the file when it is a link to /dev/zero, read not at all', async () => {
      const ws = workspace({ 'good.md': goodGuide() });
      symlinkSync('/dev/zero', join(ws.guides, 'zero.md'));
      const r = await runWithin(
        15_000,
        ['build', 'guides/zero.md', 'guides/good.md', '--jobs', '1'],
        ws.root,
      );
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('guides/zero.md');
      expect(r.stderr).toMatch(/not a regular file/);
      expect(existsSync(ws.out)).toBe(false);
    });

    it.concurrent('is a usage error naming the file when it is a FIFO, without waiting for a writer', async () => {
      const ws = workspace({ 'good.md': goodGuide() });
      execFileSync('mkfifo', [join(ws.guides, 'pipe.md')]);
      const r = await runWithin(15_000, ['check', 'guides/pipe.md'], ws.root);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('guides/pipe.md');
      expect(r.stderr).toMatch(/not a regular file/);
    });
  },
);

describe('reading a guide', () => {
  it('refuses a device or FIFO after opening it, without blocking or reading it', () => {
    const ws = workspace();
    const fifo = join(ws.guides, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo]) {
      const read = readBytes(path);
      expect(read).toBeInstanceOf(Error);
      expect((read as Error).message).toMatch(/not a regular file/);
    }
  });

  it('says a guide is too large from its size, before reading it', () => {
    const ws = workspace();
    const big = join(ws.guides, 'big.md');
    writeFileSync(big, Buffer.alloc(MAX_GUIDE_BYTES * 3, 0x61));
    const read = readBytes(big);
    expect(read).toBeInstanceOf(GuideTooLarge);
    expect((read as GuideTooLarge).size).toBe(MAX_GUIDE_BYTES * 3);
  });

  it('reads a guide at the size limit whole', () => {
    const ws = workspace();
    const edge = join(ws.guides, 'edge.md');
    writeFileSync(edge, Buffer.alloc(MAX_GUIDE_BYTES, 0x61));
    expect((readBytes(edge) as Uint8Array).length).toBe(MAX_GUIDE_BYTES);
  });
});
