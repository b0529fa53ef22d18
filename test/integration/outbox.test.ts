// The outbox on the real PostgreSQL, where a dispatcher's transaction and a worker run at once: a job that finishes
// before the transaction that sent it commits still marks its record done (it used to leave it for the 60 s
// redelivery), and a job marks only the records of the state it indexed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { claimPending, clearDone, markDispatched, markProcessed, maxOutboxId, recordChanges } from '../../src/repositories/outbox.repository.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';

describe('outbox records', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let database: Database;
  const data = tempDataDir('outbox');

  beforeAll(async () => {
    pg = await freshPostgres('outbox');
    database = await openDatabase({ databaseUrl: pg.url, dataDir: data.dir });
  });
  afterAll(async () => {
    await database?.close();
    await pg?.drop();
    data.remove();
  });

  const stateOf = async (entityId: number) =>
    (await database.db.select().from(outbox).where(eq(outbox.entityId, entityId))).map((r) => ({ key: r.indexKey, dispatched: r.dispatchedAt !== null, processed: r.processedAt !== null }));

  it('are done when the job finishes before the dispatcher’s transaction commits', async () => {
    const { db } = database;
    await recordChanges(db, [{ entity: 'resource', entityId: 101, indexKey: 'k1' }]);
    let marked = false;
    let marking: Promise<void> | undefined;
    await db.transaction(async (tx) => {
      const claimed = await claimPending(tx, 10);
      expect(claimed.map((r) => r.entityId)).toContain(101);
      // The job was added to the queue and a worker finished it at once.
      marking = markProcessed(db, 'resource', 101, 'k1').then(() => void (marked = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(marked).toBe(false); // it waits for the claim's lock rather than passing over the record
      await markDispatched(tx, claimed.map((r) => r.id));
    });
    await marking;
    expect(await stateOf(101)).toEqual([{ key: 'k1', dispatched: true, processed: true }]);
  });

  it('are cleared for an import naming more entities than a query may bind parameters', async () => {
    const { db } = database;
    await recordChanges(db, [201, 202, 70_001].map((entityId) => ({ entity: 'resource' as const, entityId, indexKey: 'k' })));
    await clearDone(db, 'resource', Array.from({ length: 70_001 }, (_, i) => i + 1), await maxOutboxId(db));
    for (const id of [201, 202, 70_001]) expect(await stateOf(id)).toEqual([]);
  });

  it('are done only for the state the job indexed: a later change waits for its own job', async () => {
    const { db } = database;
    await recordChanges(db, [
      { entity: 'resource', entityId: 102, indexKey: 'old' },
      { entity: 'resource', entityId: 102, indexKey: 'new' },
      { entity: 'need', entityId: 102, indexKey: 'old' },
    ]);
    await markProcessed(db, 'resource', 102, 'old');
    expect(await stateOf(102)).toEqual(expect.arrayContaining([{ key: 'old', dispatched: false, processed: true }, { key: 'new', dispatched: false, processed: false }, { key: 'old', dispatched: false, processed: false }]));
  });
});
