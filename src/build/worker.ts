// A build worker: runs guide jobs on a worker thread and posts back their results. Jobs come one
// message at a time from the pool, or all at once with a shared counter when building side by side.
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

parentPort?.on(
  'message',
  async (msg: { id: number; job: GuideJob } | { shared: { jobs: GuideJob[]; counter: Int32Array } }) => {
    if ('shared' in msg) {
      const { jobs, counter } = msg.shared;
      for (let index = Atomics.add(counter, 0, 1); index < jobs.length; index = Atomics.add(counter, 0, 1)) {
        Atomics.store(counter, index + 1, 1);
        parentPort?.postMessage({ index, ...(await settle(jobs[index] as GuideJob)) });
      }
      parentPort?.postMessage({ done: true });
      return;
    }
    parentPort?.postMessage({ id: msg.id, ...(await settle(msg.job)) });
  },
);
