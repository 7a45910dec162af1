// A build worker: runs guide jobs on a worker thread of the pool and posts back their results.
import { parentPort } from 'node:worker_threads';
import { type GuideJob, type GuideResult, runGuideJob } from './guide-job.js';
import { failureOf, type Reply } from './thread.js';

async function settle(id: number, job: GuideJob): Promise<Reply<GuideResult>> {
  try {
    return { id, result: await runGuideJob(job) };
  } catch (err) {
    return { id, ...failureOf(err) };
  }
}

parentPort?.on('message', async (msg: { id: number; job: GuideJob }) => {
  parentPort?.postMessage(await settle(msg.id, msg.job));
});
