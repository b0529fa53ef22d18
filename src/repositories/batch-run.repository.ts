// Batch runs and their lifecycle: queued → running → completed | failed | abandoned. One run at a time is queued
// or running (a partial unique index). A run's executor proves it is alive with a heartbeat and proves it still
// owns the run with its attempt number: a run taken over after its process died (attempt + 1) makes the old
// executor's writes match no row, so they change nothing.
import { hostname } from 'node:os';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { batchRuns } from '../db/schema.js';
import { AppError } from '../errors.js';

export type BatchRun = typeof batchRuns.$inferSelect;

/** A running run without a heartbeat for this long belongs to a process that is gone. */
export const RUNNING_STALE_MS = 60_000;
/** A queued run no worker took for this long is given up (its job was lost with Redis, or no worker runs). */
export const QUEUED_STALE_MS = 6 * 3600_000;

/** This process, as recorded on the runs it executes. */
export const OWNER = `${hostname()}:${process.pid}`;

export class RunSupersededError extends Error {
  constructor(runId: number) {
    super(`batch run ${runId} was taken over or ended elsewhere; this executor stops`);
  }
}

/** A run owned by a process on this machine that no longer exists need not wait for its heartbeat to go stale. */
function ownerIsGone(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname() || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch {
    return true;
  }
}

async function activeRun(tx: Tx): Promise<BatchRun | undefined> {
  const [row] = await tx.select().from(batchRuns).where(inArray(batchRuns.status, ['queued', 'running']));
  return row;
}

/** Gives up the active run if its executor is gone; returns the run that is still active, if any. */
async function settleActiveRun(tx: Tx): Promise<BatchRun | undefined> {
  const run = await activeRun(tx);
  if (!run) return undefined;
  const silentMs = Date.now() - run.heartbeatAt.getTime();
  const gone =
    (run.status === 'running' && (silentMs > RUNNING_STALE_MS || ownerIsGone(run.owner))) || (run.status === 'queued' && silentMs > QUEUED_STALE_MS);
  if (!gone) return run;
  const why = run.status === 'running' ? `its process stopped (no heartbeat for ${Math.round(silentMs / 1000)} s)` : 'no worker took it';
  await tx
    .update(batchRuns)
    .set({ status: 'abandoned', error: `abandoned: ${why}`, finishedAt: sql`now()` })
    .where(and(eq(batchRuns.id, run.id), eq(batchRuns.attempt, run.attempt), eq(batchRuns.status, run.status)));
  return undefined;
}

/** A new queued run; 409 while another run is queued or running. */
export async function createBatchRun(db: Db, trigger: string, options: Record<string, unknown>): Promise<BatchRun> {
  const busy = (run: BatchRun) =>
    new AppError('conflict', `batch run ${run.id} is ${run.status} (${run.needsDone}/${run.needsTotal} needs); start another when it has finished`);
  try {
    return await db.transaction(async (tx) => {
      const active = await settleActiveRun(tx);
      if (active) throw busy(active);
      const [row] = await tx.insert(batchRuns).values({ trigger, options }).returning();
      return row!;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Two starts at once: the unique index let one through.
    const active = await activeRun(db);
    if (active) throw busy(active);
    throw err;
  }
}

/** Starts (or takes over) a queued or running run for this executor; undefined when it has already ended. */
export async function claimBatchRun(db: Db, id: number): Promise<BatchRun | undefined> {
  const [row] = await db
    .update(batchRuns)
    .set({ status: 'running', attempt: sql`${batchRuns.attempt} + 1`, owner: OWNER, startedAt: sql`coalesce(${batchRuns.startedAt}, now())`, heartbeatAt: sql`now()`, needsDone: 0, phase: 'starting', error: null })
    .where(and(eq(batchRuns.id, id), inArray(batchRuns.status, ['queued', 'running'])))
    .returning();
  return row;
}

type Progress = Partial<Pick<typeof batchRuns.$inferInsert, 'phase' | 'needsDone' | 'needsTotal'>>;

/** Records progress and that the executor is alive; throws when the run is no longer this attempt's. */
export async function beat(tx: Tx, run: Pick<BatchRun, 'id' | 'attempt'>, progress: Progress = {}): Promise<void> {
  const rows = await tx
    .update(batchRuns)
    .set({ ...progress, heartbeatAt: sql`now()` })
    .where(and(eq(batchRuns.id, run.id), eq(batchRuns.attempt, run.attempt), eq(batchRuns.status, 'running')))
    .returning({ id: batchRuns.id });
  if (rows.length === 0) throw new RunSupersededError(run.id);
}

/** Ends the run (completed, failed or abandoned) if it is still this attempt's (0: not started); true when it was. */
export async function endBatchRun(tx: Tx, run: Pick<BatchRun, 'id' | 'attempt'>, end: { status: 'completed' | 'failed' | 'abandoned'; stats?: Record<string, unknown>; error?: string; needsDone?: number }): Promise<boolean> {
  const rows = await tx
    .update(batchRuns)
    .set({ ...end, phase: null, finishedAt: sql`now()`, heartbeatAt: sql`now()` })
    .where(and(eq(batchRuns.id, run.id), eq(batchRuns.attempt, run.attempt), inArray(batchRuns.status, ['queued', 'running'])))
    .returning({ id: batchRuns.id });
  return rows.length > 0;
}

export async function getBatchRun(tx: Tx, id: number): Promise<BatchRun | undefined> {
  const [row] = await tx.select().from(batchRuns).where(eq(batchRuns.id, id));
  return row;
}

export async function recentBatchRuns(tx: Tx, limit: number): Promise<BatchRun[]> {
  return tx.select().from(batchRuns).orderBy(desc(batchRuns.id)).limit(limit);
}

/** Runs by status, and the last completed run's duration and needs (for the metrics). */
export async function batchRunFigures(tx: Tx): Promise<{ byStatus: Array<{ status: string; n: number }>; last: { seconds: number; needs: number; finishedAt: Date } | undefined }> {
  const byStatus = await tx.select({ status: batchRuns.status, n: sql<number>`count(*)::int` }).from(batchRuns).groupBy(batchRuns.status);
  const [last] = await tx
    .select({ seconds: sql<number>`extract(epoch from ${batchRuns.finishedAt} - ${batchRuns.startedAt})::float8`, needs: batchRuns.needsDone, finishedAt: batchRuns.finishedAt })
    .from(batchRuns)
    .where(eq(batchRuns.status, 'completed'))
    .orderBy(desc(batchRuns.id))
    .limit(1);
  return { byStatus, last: last && { seconds: Number(last.seconds), needs: last.needs, finishedAt: last.finishedAt! } };
}
