// A build worker: runs guide jobs on a worker thread of the pool and posts back their results.
import { parentPort } from 'node:worker_threads';
import { type GuideJob, runGuideJob } from './guide-job.js';

parentPort?.on('message', (msg: { id: number; job: GuideJob }) => {
  runGuideJob(msg.job).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    // One line for the user, and the errno code so the build can tell the environment at fault.
    (err: unknown) =>
      parentPort?.postMessage({
        id: msg.id,
        error: err instanceof Error ? err.message : String(err),
        code: (err as NodeJS.ErrnoException).code,
      }),
  );
});
