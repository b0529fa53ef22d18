// The open needs outreach ranks, as a pool (their queries, vectors and a keyword index of their texts) made from the
// process's stored needs, which keep rows and vectors in line with the database: built at first use, then following
// the needs the stored needs hear have changed, and built again from them every OPEN_NEEDS_MAX_AGE_MS and when the
// date changes (deadlines pass at midnight). A need without a current vector (not embedded yet) waits for its
// indexing: the batch matches it meanwhile.
import type { NeedRow } from '../db/schema.js';
import { localDate, pastDeadline } from '../domain/deadline.js';
import { needQueryOf } from '../match/need-query.js';
import { NeedPool } from '../match/opportunities.js';
import type { StoredNeed, StoredNeeds } from './stored-needs.js';

export const OPEN_NEEDS_MAX_AGE_MS = 10 * 60_000;

export class OpenNeeds {
  private readonly pool = new NeedPool();
  /** The row each pool entry was made from. */
  private readonly rows = new Map<number, NeedRow>();
  private builtAt = -Infinity;
  private builtOn = '';
  private readonly changed = new Set<number>();
  private reading: Promise<NeedPool> | undefined;

  constructor(private readonly needs: StoredNeeds) {
    needs.onChange((ids) => ids.forEach((id) => this.changed.add(id)));
  }

  /** The pool as the stored needs have it now. One catch-up at a time. */
  async current(): Promise<NeedPool> {
    const read = (this.reading ?? Promise.resolve(this.pool)).then(() => this.catchUp());
    this.reading = read.catch(() => this.pool);
    return read;
  }

  /** The row a pool entry was made from (its deadline, its enterprise). */
  row(id: number): NeedRow | undefined {
    return this.rows.get(id);
  }

  private async catchUp(): Promise<NeedPool> {
    const today = localDate();
    if (performance.now() - this.builtAt > OPEN_NEEDS_MAX_AGE_MS || today !== this.builtOn) {
      const startedAt = performance.now();
      this.changed.clear();
      const open = new Map((await this.needs.all()).filter((n) => isOpen(n, today)).map((n) => [n.row.id, n]));
      for (const id of [...this.rows.keys()]) if (!open.has(id)) this.drop(id);
      // Only what changed since the pool was built is tokenised again.
      for (const need of open.values()) if (this.rows.get(need.row.id) !== need.row) this.take(need);
      this.builtAt = startedAt;
      this.builtOn = today;
    } else if (this.changed.size > 0) {
      const ids = [...this.changed];
      this.changed.clear();
      const needs = await this.needs.getMany(ids);
      for (const id of ids) {
        const need = needs.get(id);
        if (need && isOpen(need, today)) this.take(need);
        else this.drop(id);
      }
    }
    return this.pool;
  }

  private take(need: StoredNeed & { vector: Float32Array }): void {
    this.rows.set(need.row.id, need.row);
    this.pool.upsert({ id: need.row.id, query: needQueryOf(need.row, {}, 1), vector: need.vector });
  }

  private drop(id: number): void {
    this.rows.delete(id);
    this.pool.remove(id);
  }
}

/** Open, in service, before its deadline, and embedded. */
function isOpen(need: StoredNeed, today: string): need is StoredNeed & { vector: Float32Array } {
  const { row } = need;
  return need.vector !== undefined && row.status === 'open' && !row.archivedAt && !pastDeadline(row.deadline, today);
}
