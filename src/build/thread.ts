// Asking a worker thread for results: each request gets an id, and the reply with that id settles
// it. Used by the pool's guide workers and by the PDF worker, on both sides of the thread.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../paths.js';

/**
 * The compiled entry of a worker in dist/build/, or null when there is none: under the tests,
 * which run the TypeScript sources, the work is then done in this thread.
 */
export function compiledWorker(name: 'worker' | 'pdf-worker'): string | null {
  const file = join(PACKAGE_ROOT, 'dist', 'build', `${name}.js`);
  return existsSync(file) ? file : null;
}

/** What a worker posts back for a request: its result, or why there is none. */
export type Reply<T> = { id: number; result: T } | ({ id: number } & Failure);

export interface Failure {
  error: string;
  code?: string | undefined;
}

/** A failure as a worker posts it: one line for the user, and the errno code, which tells the build when the environment is at fault. */
export function failureOf(err: unknown): Failure {
  return {
    error: err instanceof Error ? err.message : String(err),
    code: (err as NodeJS.ErrnoException).code,
  };
}

/** A worker thread running `file`, asked one request at a time or several. */
export class WorkerThread {
  private readonly worker: Worker;
  private next = 0;
  private failed: Error | null = null;
  private readonly pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();

  constructor(file: string) {
    this.worker = new Worker(file);
    this.worker.on('message', (reply: Reply<unknown>) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!p) return;
      if ('result' in reply) p.resolve(reply.result as never);
      else p.reject(Object.assign(new Error(reply.error), reply.code ? { code: reply.code } : {}));
    });
    const fail = (err: Error): void => {
      this.failed ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    // A stopped worker answers nothing more: what is pending, and every later request, fails.
    this.worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  /** Posts `request` with an id of its own (its buffers in `transfer` moved, not copied). */
  ask<T>(request: object, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: never) => void, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
