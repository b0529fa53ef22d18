// The open needs outreach ranks, held in memory (rows, stored vectors, a keyword index of their texts): read in full
// at first use, then kept in line the way stored needs are (a change forgets its needs, which are read again at the
// next use), and read in full again after OPEN_NEEDS_MAX_AGE_MS, which bounds what missed announcements can cost.
// A need without a current vector (not embedded yet) waits for its indexing: the batch matches it meanwhile.
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { localDate, pastDeadline } from '../domain/deadline.js';
import { needQueryOf } from '../match/need-query.js';
import { NeedPool } from '../match/opportunities.js';
import { getNeeds, openNeeds } from '../repositories/need.repository.js';
import { currentNeedVectors } from './stored-vector.js';

export const OPEN_NEEDS_MAX_AGE_MS = 10 * 60_000;

export class OpenNeeds {
  private readonly pool = new NeedPool();
  private readonly rows = new Map<number, NeedRow>();
  private readAt = -Infinity;
  private readonly changed = new Set<number>();
  private reading: Promise<NeedPool> | undefined;

  constructor(
    private readonly db: Db,
    private readonly modelId: string,
  ) {}

  /** The pool as the database has it now (up to the changes not yet heard of). One read at a time. */
  async current(): Promise<NeedPool> {
    const read = (this.reading ?? Promise.resolve(this.pool)).then(() => this.catchUp());
    this.reading = read.catch(() => this.pool);
    return read;
  }

  /** The row a pool entry was made from (its deadline, its enterprise). */
  row(id: number): NeedRow | undefined {
    return this.rows.get(id);
  }

  /** These needs changed: read them again before the next use. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.changed.add(id);
  }

  /** Changes may have been missed: read everything again at the next use. */
  clear(): void {
    this.readAt = -Infinity;
  }

  private async catchUp(): Promise<NeedPool> {
    if (performance.now() - this.readAt > OPEN_NEEDS_MAX_AGE_MS) {
      const startedAt = performance.now();
      this.changed.clear();
      const rows = await openNeeds(this.db, localDate());
      const open = new Set(rows.map((r) => r.id));
      for (const id of [...this.rows.keys()]) if (!open.has(id)) this.drop(id);
      // Only what changed since the last read is read with its vector and tokenised again.
      await this.take(rows.filter((r) => this.rows.get(r.id)?.updatedAt.getTime() !== r.updatedAt.getTime() || !this.pool.get(r.id)));
      this.readAt = startedAt;
    } else if (this.changed.size > 0) {
      const ids = [...this.changed];
      this.changed.clear();
      for (const id of ids) this.drop(id);
      await this.take((await getNeeds(this.db, ids)).filter((r) => r.status === 'open' && !r.archivedAt && !pastDeadline(r.deadline)));
    }
    return this.pool;
  }

  private async take(rows: NeedRow[]): Promise<void> {
    const vectors = await currentNeedVectors(this.db, rows, this.modelId);
    for (const row of rows) {
      const vector = vectors.get(row.id);
      if (!vector) {
        this.drop(row.id);
        continue;
      }
      this.rows.set(row.id, row);
      this.pool.upsert({ id: row.id, query: needQueryOf(row, {}, 1), vector });
    }
  }

  private drop(id: number): void {
    this.rows.delete(id);
    this.pool.remove(id);
  }
}
