// Every queue job name and its one handler, checked at compile time (the record must cover every name) and at
// run time (a job with an unknown name fails for good instead of retrying).
import { UnrecoverableError, type Job } from 'bullmq';
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import { EMBED_AND_INDEX, type IndexJobData } from '../queue/index-queue.js';
import { markProcessed } from '../repositories/outbox.repository.js';
import { embedAndIndex } from './embed-and-index.js';

export interface WorkerContext {
  db: Db;
  embedder: Embedder;
  /** Tells every API process that resources changed (their vectors are stored). */
  announce(ids: number[]): Promise<void>;
}

export const JOB_NAMES = [EMBED_AND_INDEX] as const;
export type JobName = (typeof JOB_NAMES)[number];
type Handler = (ctx: WorkerContext, job: Job) => Promise<unknown>;

export const JOB_HANDLERS: Record<JobName, Handler> = {
  async [EMBED_AND_INDEX](ctx, job) {
    const data = job.data as IndexJobData;
    if ((data.entity !== 'resource' && data.entity !== 'need') || !Number.isInteger(data.id)) {
      throw new UnrecoverableError(`malformed ${EMBED_AND_INDEX} job: ${JSON.stringify(data)}`);
    }
    const outcome = await embedAndIndex({ db: ctx.db, embedder: ctx.embedder, resourcesChanged: ctx.announce }, { entity: data.entity, ids: [data.id] });
    await markProcessed(ctx.db, data.entity, data.id);
    return outcome;
  },
};

export function handlerFor(name: string): Handler {
  const handler = (JOB_HANDLERS as Record<string, Handler | undefined>)[name];
  if (!handler) throw new UnrecoverableError(`no handler for job "${name}"`);
  return handler;
}
