// Asking a worker thread: replies settle their own request, failures reach every waiting one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerThread } from '../../src/build/thread.js';

/** A worker script in a temp folder: `body` runs with `parentPort` in scope. */
function workerFile(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'studypack-thread-')), 'worker.mjs');
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return file;
}

describe('a worker thread', () => {
  it('settles each request with its own reply, in whatever order they come', async () => {
    const thread = new WorkerThread(
      workerFile(
        "parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage({ id: m.id, result: m.n * 2 }), m.wait));",
      ),
    );
    try {
      const slow = thread.ask<number>({ n: 1, wait: 50 });
      const fast = thread.ask<number>({ n: 2, wait: 0 });
      expect(await Promise.all([slow, fast])).toEqual([2, 4]);
    } finally {
      await thread.close();
    }
  });

  it('rejects with the reason and errno code the worker gives', async () => {
    const thread = new WorkerThread(
      workerFile(
        "parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, error: 'disk full', code: 'ENOSPC' }));",
      ),
    );
    try {
      await expect(thread.ask({})).rejects.toMatchObject({ message: 'disk full', code: 'ENOSPC' });
    } finally {
      await thread.close();
    }
  });

  it('rejects what waits, and what is asked after, when the worker stops', async () => {
    const thread = new WorkerThread(workerFile("parentPort.on('message', () => process.exit(3));"));
    await expect(thread.ask({})).rejects.toThrow(/stopped \(exit code 3\)/);
    await expect(thread.ask({})).rejects.toThrow(/stopped/);
    await thread.close();
  });

  it('rejects what waits when the worker throws', async () => {
    const thread = new WorkerThread(
      workerFile("parentPort.on('message', () => { throw new Error('broken'); });"),
    );
    await expect(thread.ask({})).rejects.toThrow('broken');
    await thread.close();
  });
});
