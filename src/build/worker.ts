// A build worker: runs guide jobs on a worker thread of the pool and posts back their results.
import { parentPort } from 'node:worker_threads';
import { type GuideJob, type GuideResult, runGuideJob } from './guide-job.js';

/** One line for the user, and the errno code so the build can tell the environment at fault. */
function failure(err: unknown): { error: string; code?: string } {
  return {
    error: err instanceof Error ? err.message : String(err),
    code: (err as NodeJS.ErrnoException).code,
  };
}

async function settle(job: GuideJob): Promise<{ result: GuideResult } | { error: string; code?: string }> {
  try {
    return { result: await runGuideJob(job) };
  } catch (err) {
    return failure(err);
  }
}

parentPort?.on('message', async (msg: { id: number; job: GuideJob }) => {
  parentPort?.postMessage({ id: msg.id, ...(await settle(msg.job)) });
});
