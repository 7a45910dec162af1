// A render worker: takes packs, gives back their files. Runs in a worker thread of the pool.
import { parentPort } from 'node:worker_threads';
import type { Pack } from '../model.js';
import type { RenderOptions } from './config.js';
import { renderPack } from './render.js';

export interface RenderJob {
  id: number;
  pack: Pack;
  options: RenderOptions;
}

parentPort?.on('message', (job: RenderJob) => {
  renderPack(job.pack, job.options).then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (err: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  );
});
