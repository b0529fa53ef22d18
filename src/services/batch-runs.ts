// Batch runs as the admin API shows them: start one with optional overrides, read its progress and statistics.
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { notFound } from '../errors.js';
import { getBatchRun, recentBatchRuns, RUNNING_STALE_MS, type BatchRun } from '../repositories/batch-run.repository.js';
import { parse, type ServiceContext } from './context.js';

export const startInput = z
  .object({
    want: z.number().int().min(1).max(20).optional(),
    candidates: z.number().int().min(1).max(100).optional(),
    slack: z.number().min(0).max(5).optional(),
  })
  .strict()
  .refine((o) => o.want === undefined || o.candidates === undefined || o.candidates >= o.want, { message: 'must be at least want', path: ['candidates'] });
export const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export interface BatchRunView {
  id: number;
  status: string;
  trigger: string;
  options: Record<string, unknown>;
  phase: string | null;
  attempt: number;
  progress: { needsDone: number; needsTotal: number; fraction: number };
  /** Seconds since the executor last reported; a running run silent for long is abandoned by the next start. */
  silentSeconds: number | null;
  stats: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function viewOf(run: BatchRun): BatchRunView {
  const running = run.status === 'running';
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    options: run.options,
    phase: run.phase,
    attempt: run.attempt,
    progress: { needsDone: run.needsDone, needsTotal: run.needsTotal, fraction: run.needsTotal > 0 ? Math.round((run.needsDone / run.needsTotal) * 1000) / 1000 : run.status === 'completed' ? 1 : 0 },
    silentSeconds: running ? Math.round((Date.now() - run.heartbeatAt.getTime()) / 1000) : null,
    stats: run.stats ?? null,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** Starts a run now with the defaults and any overrides in `input`; 409 while another one is queued or running. */
export async function startBatchRun({ ctx, input }: { ctx: Pick<ServiceContext, 'batches' | 'batchDefaults'>; actor: Actor; input: unknown }): Promise<BatchRunView> {
  const overrides = parse(startInput, input ?? {});
  const options = { ...ctx.batchDefaults, ...overrides };
  if (options.candidates < options.want) options.candidates = options.want;
  return viewOf(await ctx.batches.start('manual', options));
}

export async function showBatchRun({ ctx, id }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; id: number }): Promise<BatchRunView> {
  const run = await getBatchRun(ctx.db, id);
  if (!run) throw notFound('batch run', id);
  return viewOf(run);
}

/** `input`: the query string (`limit`, default 20). */
export async function listBatchRuns({ ctx, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }): Promise<{ items: BatchRunView[]; staleAfterSeconds: number }> {
  const { limit } = parse(listQuery, input, 'query');
  return { items: (await recentBatchRuns(ctx.db, limit)).map(viewOf), staleAfterSeconds: RUNNING_STALE_MS / 1000 };
}
