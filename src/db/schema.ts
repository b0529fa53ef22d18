// The database schema (drizzle). Migrations under drizzle/ are generated from this file by `npm run db:generate`.
import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, type PgColumn,
} from 'drizzle-orm/pg-core';
import type { Concept } from '../domain/concept.js';
import type { ResourceDetails } from '../domain/inputs.js';
import type { ScoreComponents, Weights } from '../domain/score-components.js';

/** Float32 vectors as raw little-endian bytes: a quarter of the size of real[] and no parsing on load. */
const vector = customType<{ data: Float32Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (bytes) => {
    const copy = new Uint8Array(bytes); // aligned copy: driver buffers may start at any offset
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  },
});

export interface Contact {
  person?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * Set when a record that operators decided on was deleted: it is retired rather than removed, so the pairings,
 * their audit trail and the memory of rejected pairs stay. Out of matching, the batch and lists; operators still
 * see it; its credit code and external id stay taken.
 */
const archivedAt = () => timestamp('archived_at', { withTimezone: true });

/**
 * API keys: stored as a SHA-256 of the key (keys are 144 random bits, so a fast hash is enough), with a prefix
 * to recognise them by. Revoked, never deleted: records keep their owner.
 */
export const apiKeys = pgTable('api_keys', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull().unique(),
  /** Requests per minute; null takes the role's default. */
  ratePerMinute: integer('rate_per_minute'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** The key that registered a record: a portal reads and changes only its own. */
const ownerKeyId = () => integer('owner_key_id').references(() => apiKeys.id, { onDelete: 'set null' });

/** A portal's own key for a record, for syncing: unique per portal (the system's records count as one portal). */
const externalIdPerOwner = (name: string, t: { ownerKeyId: PgColumn; externalId: PgColumn }) =>
  uniqueIndex(name).on(sql`coalesce(${t.ownerKeyId}, 0)`, t.externalId).where(sql`${t.externalId} is not null`);

export const enterprises = pgTable(
  'enterprises',
  {
    id: serial('id').primaryKey(),
    creditCode: text('credit_code').notNull().unique(),
    name: text('name').notNull(),
    region: text('region').notNull(),
    industry: text('industry'),
    contact: jsonb('contact').$type<Contact>(),
    externalId: text('external_id'),
    ownerKeyId: ownerKeyId(),
    archivedAt: archivedAt(),
    ...timestamps,
  },
  (t) => [externalIdPerOwner('enterprises_owner_external_id_uq', t)],
);

export const needs = pgTable(
  'needs',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: text('category'),
    industry: text('industry'),
    region: text('region'),
    wantsVoucher: boolean('wants_voucher').notNull().default(false),
    budget: doublePrecision('budget'),
    deadline: date('deadline', { mode: 'string' }),
    status: text('status').notNull().default('open'),
    externalId: text('external_id'),
    ownerKeyId: ownerKeyId(),
    archivedAt: archivedAt(),
    ...timestamps,
  },
  (t) => [index('needs_enterprise_idx').on(t.enterpriseId), index('needs_status_idx').on(t.status), externalIdPerOwner('needs_owner_external_id_uq', t)],
);

export const resources = pgTable(
  'resources',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    region: text('region'),
    voucherEligible: boolean('voucher_eligible').notNull().default(false),
    capacityPerMonth: integer('capacity_per_month').notNull().default(10),
    availability: text('availability').notNull().default('available'),
    details: jsonb('details').$type<ResourceDetails>().notNull().default({}),
    contact: jsonb('contact').$type<Contact>(),
    externalId: text('external_id'),
    complex: text('complex'),
    ownerKeyId: ownerKeyId(),
    archivedAt: archivedAt(),
    ...timestamps,
  },
  (t) => [index('resources_kind_idx').on(t.kind), externalIdPerOwner('resources_owner_external_id_uq', t)],
);

/** One vector per resource and model; `contentHash` lets unchanged texts skip the model. */
export const resourceEmbeddings = pgTable('resource_embeddings', {
  resourceId: integer('resource_id').primaryKey().references(() => resources.id, { onDelete: 'cascade' }),
  modelId: text('model_id').notNull(),
  contentHash: text('content_hash').notNull(),
  vector: vector('vector').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const needEmbeddings = pgTable('need_embeddings', {
  needId: integer('need_id').primaryKey().references(() => needs.id, { onDelete: 'cascade' }),
  modelId: text('model_id').notNull(),
  contentHash: text('content_hash').notNull(),
  vector: vector('vector').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type NeedRow = typeof needs.$inferSelect;
export type ResourceRow = typeof resources.$inferSelect;

/**
 * Changes that the indexes must follow, written in the same transaction as the change itself, so a registration
 * is never committed without its indexing work (Redis may be down; the process may die right after commit).
 * `indexKey` hashes everything indexing reads of the entity: equal keys mean equal results, so it keys the job.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    indexKey: text('index_key').notNull(),
    /** Written by a bulk import: its jobs wait behind single registrations' (a lower queue priority). */
    bulk: boolean('bulk').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    /** Set by the worker that finished the job: a record dispatched long ago and never processed is sent again. */
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('outbox_pending_idx').on(t.id).where(sql`dispatched_at is null`)],
);

/**
 * One run of the nightly batch, with its progress and what the capacity constraint cost and bought.
 * queued → running → completed | failed | abandoned. At most one run is queued or running at a time (the partial
 * unique index); `attempt` fences a run taken over after its process died, and `heartbeatAt` shows it is alive.
 */
export const batchRuns = pgTable(
  'batch_runs',
  {
    id: serial('id').primaryKey(),
    status: text('status').notNull().default('queued'),
    trigger: text('trigger').notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    phase: text('phase'),
    attempt: integer('attempt').notNull().default(0),
    owner: text('owner'),
    needsTotal: integer('needs_total').notNull().default(0),
    needsDone: integer('needs_done').notNull().default(0),
    stats: jsonb('stats').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('batch_runs_one_active').on(sql`(true)`).where(sql`${t.status} in ('queued', 'running')`)],
);

/** A suggested need–resource pairing; one row per pair, whatever produced it, so decisions are never duplicated. */
export const pairings = pgTable(
  'pairings',
  {
    id: serial('id').primaryKey(),
    needId: integer('need_id').notNull().references(() => needs.id, { onDelete: 'cascade' }),
    resourceId: integer('resource_id').notNull().references(() => resources.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
    score: doublePrecision('score').notNull(),
    /** As they were when suggested; rows from before a component existed lack it. */
    components: jsonb('components').$type<Partial<ScoreComponents>>().notNull(),
    /** The fusion's multipliers of the weights for this need's query when suggested (absent: 1). */
    multipliers: jsonb('multipliers').$type<Partial<ScoreComponents>>(),
    explanation: text('explanation').notNull(),
    batchRunId: integer('batch_run_id').references(() => batchRuns.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('suggested'),
    /** What suggested it: the nightly batch, or a portal that saved its matches for a need. */
    source: text('source').notNull().default('batch'),
    /** The industry the need was judged in (given or inferred): decisions count for the resource there. */
    industry: text('industry'),
    /** The last decision: a reason code when rejected, the operator's note, who and when. */
    reason: text('reason'),
    note: text('note'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('pairings_need_resource_uq').on(t.needId, t.resourceId), index('pairings_status_idx').on(t.status)],
);

/**
 * The audit log of pairings: every change of status, by whom, when, from what, to what, why. Append-only: a
 * pairing with events (a decided one) cannot be deleted, and so neither can its need or resource.
 */
export const pairingEvents = pgTable(
  'pairing_events',
  {
    id: serial('id').primaryKey(),
    pairingId: integer('pairing_id').notNull().references(() => pairings.id, { onDelete: 'restrict' }),
    actorKeyId: integer('actor_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pairing_events_pairing_idx').on(t.pairingId), index('pairing_events_created_idx').on(t.createdAt)],
);

/**
 * Versions of the ranking weights fitted from operators' decisions. The engine uses the newest active one; a fit
 * that did worse than the weights in use on held-out decisions is kept as rejected, with the reason.
 */
export const rankers = pgTable('rankers', {
  id: serial('id').primaryKey(),
  status: text('status').notNull(),
  /** A ranker from before a component existed lacks it: it takes the hand-set weight. */
  weights: jsonb('weights').$type<Partial<Weights>>().notNull(),
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Versions of the concept lexicon that operators made (version 1 is the committed file, src/understanding/). Each
 * row is the whole lexicon after one change, with the change itself: append-only, so it is also the audit log.
 * Every process uses the newest version.
 */
export const lexiconVersions = pgTable('lexicon_versions', {
  id: serial('id').primaryKey(),
  version: integer('version').notNull().unique(),
  concepts: jsonb('concepts').$type<Concept[]>().notNull(),
  /** What changed: a concept added, replaced or retired. */
  change: text('change').notNull(),
  conceptKey: text('concept_key').notNull(),
  actorKeyId: integer('actor_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
  actorName: text('actor_name').notNull(),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What an admin set for one complex (an industry code: the "5+4" complexes are one per industry); none: defaults. */
export const complexSettings = pgTable('complex_settings', {
  complex: text('complex').primaryKey(),
  /** A resource the complex hosts is suggested, once registered or changed, to the open needs it could serve. */
  outreach: boolean('outreach').notNull().default(true),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
