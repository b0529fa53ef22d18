// Every need in service, in memory, so that a match by need id reads nothing from the database: read with its
// stored vector when the process starts, kept in line by the changes the indexes follow (a write forgets the needs
// it changed at once, in this process; the workers' announcements tell every other process; a forgotten need is
// read again at its next use), and compared with the database every CATCH_UP_MS (each need's updated_at), which
// bounds what a process that missed announcements (Redis down) can serve, as the ranking state's refresh does for
// rejections. A vector is served only for the text it was made from (the content hash), so it is never out of
// date; a need without one (not embedded yet) is read again at each use until it has one.
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import type { Logger } from '../log.js';
import { Periodic } from '../periodic.js';
import { needsWithVectors } from '../repositories/embedding.repository.js';
import { needStamps } from '../repositories/need.repository.js';
import { needDocument } from '../retrieval/documents.js';
import type { Indexer } from './outbox.js';
import { isCurrent } from './stored-vector.js';

export const CATCH_UP_MS = 30_000;

export interface StoredNeed {
  row: NeedRow;
  /** Its stored vector when current for this model and text; otherwise the match embeds the text. */
  vector: Float32Array | undefined;
}

export class StoredNeeds {
  private readonly held = new Map<number, StoredNeed>();
  /** Reads started, and the latest to answer for each need: of two overlapping reads of a need, the later one's stands. */
  private reads = 0;
  private readonly answeredBy = new Map<number, number>();
  /** Needs a change was heard of since they were read: read again at their next use. */
  private readonly stale = new Set<number>();
  private readonly listeners: Array<(ids: readonly number[]) => void> = [];
  private catching: Promise<void> = Promise.resolve();
  private periodic: Periodic | undefined;

  constructor(
    private readonly db: Db,
    private readonly modelId: string,
    private readonly log: Logger,
  ) {}

  /** Reads every need in service, then compares them with the database every CATCH_UP_MS until stopped. */
  async start(): Promise<void> {
    await this.catchUp();
    this.periodic = new Periodic(() => this.catchUp(), CATCH_UP_MS, this.log, 'stored needs');
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic?.stop();
    await this.catching;
  }

  get size(): number {
    return this.held.size;
  }

  /** The bytes of the vectors held (the rows are JS objects). */
  vectorBytes(): number {
    let bytes = 0;
    for (const n of this.held.values()) bytes += n.vector?.byteLength ?? 0;
    return bytes;
  }

  /** The need with this id (archived ones included: the caller decides who may see what), or undefined. */
  async get(id: number): Promise<StoredNeed | undefined> {
    return this.current(id) ?? (await this.read([id]))[0];
  }

  /** These needs by id (as get; absent when there is no such need), those not held as they are read in one go. */
  async getMany(ids: readonly number[]): Promise<Map<number, StoredNeed>> {
    const out = new Map<number, StoredNeed>();
    const unread: number[] = [];
    for (const id of ids) {
      const held = this.current(id);
      if (held) out.set(id, held);
      else unread.push(id);
    }
    for (const need of await this.read(unread)) out.set(need.row.id, need);
    return out;
  }

  /** The need as held, unless a change was heard of since or it has no vector yet. */
  private current(id: number): StoredNeed | undefined {
    const held = this.stale.has(id) ? undefined : this.held.get(id);
    return held?.vector ? held : undefined;
  }

  /** Every need in service (those changed or without a vector read again first): what outreach's pool is made of. */
  async all(): Promise<StoredNeed[]> {
    const unembedded = [...this.held.values()].filter((n) => !n.vector).map((n) => n.row.id);
    await this.read([...new Set([...unembedded, ...this.stale])]);
    return [...this.held.values()];
  }

  /** These needs changed: they are read again at their next use. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.stale.add(id);
    this.tell(ids);
  }

  /** Calls `listener` with the ids of needs that changed, as they are heard of (outreach's pool follows them). */
  onChange(listener: (ids: readonly number[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Compares every need with the database (when it was last updated) and reads again those that differ: the
   * periodic check, and the catch-up after announcements may have been missed. One at a time; a call made while
   * one runs gets a comparison of its own after it.
   */
  catchUp(): Promise<void> {
    const next = this.catching.then(() => this.compare());
    this.catching = next.catch(() => {});
    return next;
  }

  private async compare(): Promise<void> {
    const stamps = await needStamps(this.db);
    const inService = new Set(stamps.map((s) => s.id));
    const gone = [...this.held.keys()].filter((id) => !inService.has(id));
    for (const id of gone) this.held.delete(id);
    // Which read answered for needs no longer in service is let go here: a read lasts milliseconds, not CATCH_UP_MS.
    for (const id of this.answeredBy.keys()) if (!inService.has(id)) this.answeredBy.delete(id);
    const differ = stamps.filter((s) => this.held.get(s.id)?.row.updatedAt.getTime() !== s.updatedAt.getTime()).map((s) => s.id);
    // The forgotten ones too, so that a process nobody asks for them still reads them in time.
    await this.read([...new Set([...differ, ...this.stale])]);
    this.tell([...gone, ...differ]);
  }

  /** Reads these needs with their vectors; holds those in service, forgets the others. */
  private async read(ids: readonly number[]): Promise<StoredNeed[]> {
    if (ids.length === 0) return [];
    const number = ++this.reads;
    // Before the read: a change heard while it runs marks the need again.
    for (const id of ids) this.stale.delete(id);
    const read = await needsWithVectors(this.db, ids);
    const answers = (id: number) => {
      if ((this.answeredBy.get(id) ?? 0) > number) return false;
      this.answeredBy.set(id, number);
      return true;
    };
    const found = new Set(read.map((r) => r.row.id));
    for (const id of ids) if (!found.has(id) && answers(id)) this.held.delete(id);
    return read.map(({ row, vector }) => {
      const need = { row, vector: isCurrent(vector, this.modelId, needDocument(row)) ? vector.vector : undefined };
      if (!answers(row.id)) return need;
      if (row.archivedAt) this.held.delete(row.id);
      else this.held.set(row.id, need);
      return need;
    });
  }

  private tell(ids: readonly number[]): void {
    if (ids.length > 0) for (const listener of this.listeners) listener(ids);
  }
}

/**
 * The indexer a process's use cases call, telling its stored needs to forget the needs a write changed, before and
 * after their indexing.
 */
export function forgettingNeeds(indexer: Indexer, needs: Pick<StoredNeeds, 'forget'>): Indexer {
  return {
    async changed(job, onProgress) {
      if (job.entity === 'need') needs.forget(job.ids);
      await indexer.changed(job, onProgress);
      // In-process the vector is stored now; a match made meanwhile may have read the row without it.
      if (job.entity === 'need') needs.forget(job.ids);
    },
  };
}
