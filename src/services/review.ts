// The operators' review queue: list pairings with both sides, open one in full, decide on it. Every decision is
// checked against the pairing's life (PAIRING_TRANSITIONS), made under a row lock, and written to the audit log
// in the same transaction.
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import { pageQuery, recordId, recordIdQuery } from '../domain/inputs.js';
import { SCORE_COMPONENTS } from '../domain/score-components.js';
import {
  CATEGORY_LABELS, COMPLEXES, INDUSTRIES, INDUSTRY_LABELS, KIND_LABELS, PLACES, PAIRING_SOURCE_LABELS, PAIRING_SOURCES, PAIRING_STATUSES, PAIRING_STATUS_LABELS, PAIRING_TRANSITIONS, REGION_CODES,
  REJECTION_REASONS, RESOURCE_KINDS, type Industry, type PairingStatus,
} from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import * as repo from '../repositories/review.repository.js';
import { parse, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db'>;

export const queueQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(PAIRING_STATUSES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  batchRunId: recordIdQuery.optional(),
  complex: z.enum(INDUSTRIES).optional(),
  source: z.enum(PAIRING_SOURCES).optional(),
});
export const statsQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) });

const DECISIONS = PAIRING_STATUSES.filter((s) => s !== 'suggested') as [PairingStatus, ...PairingStatus[]];
const reasonCodes = Object.keys(REJECTION_REASONS) as [keyof typeof REJECTION_REASONS, ...Array<keyof typeof REJECTION_REASONS>];

/** A rejection names its reason; nothing else takes one. */
function decisionRules(d: { status: string; reason?: string | undefined }, ctx: z.RefinementCtx): void {
  if (d.status === 'rejected' && !d.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: `a rejection needs a reason: one of ${reasonCodes.join(', ')}` });
  if (d.status !== 'rejected' && d.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only a rejection takes a reason' });
}

const decisionFields = {
  status: z.enum(DECISIONS),
  reason: z.enum(reasonCodes).optional(),
  note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
};
export const decisionInput = z.strictObject(decisionFields).superRefine(decisionRules);

/** The queue, best score first; `input`: the query string (filters, page, pageSize). */
export async function listReviewQueue({ ctx, input }: { ctx: Ctx; actor: Actor; input: unknown }) {
  const { page, pageSize, ...filter } = parse(queueQuery, input, 'query');
  return repo.listQueue(ctx.db, filter, { page, pageSize });
}

/** One pairing with both sides in full (contact details included: operators only), its history and next steps. */
export async function showPairing({ ctx, id }: { ctx: Ctx; actor: Actor; id: number }) {
  const row = await repo.getPairingWithSides(ctx.db, id);
  if (!row) throw notFound('pairing', id);
  const status = row.pairing.status as PairingStatus;
  return {
    ...row.pairing,
    statusLabel: PAIRING_STATUS_LABELS[status],
    next: PAIRING_TRANSITIONS[status],
    need: row.need,
    enterprise: row.enterprise,
    resource: row.resource,
    events: await repo.eventsOf(ctx.db, id),
  };
}

type Decision = z.infer<typeof decisionInput>;

/**
 * Moves one pairing to the decided status inside the caller's transaction, with its audit event; `at` is where
 * the decision sits in the request, for the error's field paths. `needId`, when given, must be the pairing's need.
 */
async function applyDecision(tx: Tx, actor: Actor, id: number, d: Decision, at: { path: string; needId?: number }) {
  const current = await repo.lockPairing(tx, id);
  if (!current || (at.needId !== undefined && current.needId !== at.needId)) {
    if (at.needId === undefined) throw notFound('pairing', id);
    throw new AppError('validation_failed', 'the request is not valid', [{ path: `${at.path}pairingId`, message: `pairing ${id} is not one of need ${at.needId}'s` }]);
  }
  const from = current.status as PairingStatus;
  if (!PAIRING_TRANSITIONS[from].includes(d.status)) {
    const allowed = PAIRING_TRANSITIONS[from];
    throw new AppError(
      'conflict',
      `pairing ${id} is ${from} (${PAIRING_STATUS_LABELS[from]}) and cannot become ${d.status}: ` +
        (allowed.length === 0 ? `${from} is final` : `it can become ${allowed.join(' or ')}`),
      [{ path: `${at.path}status`, message: `not allowed from ${from}` }],
    );
  }
  await repo.setPairingStatus(tx, id, { status: d.status, reason: d.reason ?? null, note: d.note ?? null, decidedBy: actor.name });
  await repo.insertPairingEvent(tx, { pairingId: id, actorKeyId: actor.keyId, actorName: actor.name, fromStatus: from, toStatus: d.status, reason: d.reason ?? null, note: d.note ?? null });
  return current;
}

export async function decide({ ctx, actor, id, input }: { ctx: Pick<ServiceContext, 'db' | 'ranking'>; actor: Actor; id: number; input: unknown }) {
  const d = parse(decisionInput, input);
  const pair = await ctx.db.transaction((tx) => applyDecision(tx, actor, id, d, { path: '' }));
  ctx.ranking.decided(pair.needId, pair.resourceId, d.status);
  return showPairing({ ctx, actor, id });
}

export const needDecisionsInput = z.strictObject({
  decisions: z
    .array(z.strictObject({ pairingId: recordId, ...decisionFields }).superRefine(decisionRules))
    .min(1, 'must hold at least one decision')
    .max(50, 'must hold at most 50 decisions')
    .refine((ds) => new Set(ds.map((d) => d.pairingId)).size === ds.length, 'must decide each pairing once'),
});

/** One need with all its candidate pairings side by side (both sides' facts and the score's components). */
export async function showNeedReview({ ctx, id }: { ctx: Ctx; actor: Actor; id: number }) {
  const need = await repo.needWithEnterprise(ctx.db, id);
  if (!need) throw notFound('need', id);
  const items = await repo.pairingsOfNeed(ctx.db, id);
  return {
    ...need,
    pairings: items.map((p) => ({ ...p, statusLabel: PAIRING_STATUS_LABELS[p.status as PairingStatus], next: PAIRING_TRANSITIONS[p.status as PairingStatus] })),
  };
}

/** Several decisions on one need's pairings in one transaction: all of them are made, or none. */
export async function decideForNeed({ ctx, actor, id, input }: { ctx: Pick<ServiceContext, 'db' | 'ranking'>; actor: Actor; id: number; input: unknown }) {
  const { decisions } = parse(needDecisionsInput, input);
  if (!(await repo.needWithEnterprise(ctx.db, id))) throw notFound('need', id);
  const decided = await ctx.db.transaction(async (tx) => {
    const out = [];
    for (const [i, { pairingId, ...d }] of decisions.entries()) out.push({ pair: await applyDecision(tx, actor, pairingId, d, { path: `decisions.${i}.`, needId: id }), status: d.status });
    return out;
  });
  for (const { pair, status } of decided) ctx.ranking.decided(pair.needId, pair.resourceId, status);
  return showNeedReview({ ctx, actor, id });
}

/** What the queue's chart shows: decisions per day, and the approval rate per industry. */
/** `input`: the query string (`days`, default 30). */
export async function reviewStats({ ctx, input }: { ctx: Ctx; actor: Actor; input: unknown }) {
  const { days } = parse(statsQuery, input, 'query');
  const [perDay, outcomes, statuses] = await Promise.all([repo.decisionsPerDay(ctx.db, days), repo.outcomesByIndustry(ctx.db), repo.statusCounts(ctx.db)]);
  const byDay = new Map<string, Record<string, number>>();
  for (const r of perDay) byDay.set(r.day, { ...(byDay.get(r.day) ?? {}), [r.status]: r.n });
  const byIndustry = new Map<string, { approved: number; rejected: number }>();
  for (const r of outcomes) {
    const key = r.industry ?? 'unknown';
    const e = byIndustry.get(key) ?? { approved: 0, rejected: 0 };
    if (r.status === 'rejected') e.rejected += r.n;
    else e.approved += r.n;
    byIndustry.set(key, e);
  }
  return {
    days,
    perDay: [...byDay].map(([day, counts]) => ({ day, ...Object.fromEntries(DECISIONS.map((s) => [s, counts[s] ?? 0])) })),
    byIndustry: [...byIndustry].map(([industry, e]) => ({
      industry,
      label: INDUSTRY_LABELS[industry as Industry] ?? '未分类',
      ...e,
      approvalRate: Math.round((e.approved / (e.approved + e.rejected)) * 1000) / 1000,
    })),
    statuses: Object.fromEntries(PAIRING_STATUSES.map((s) => [s, statuses.find((r) => r.status === s)?.n ?? 0])),
  };
}

/** The fixed lists the page offers, with their Chinese labels. */
export function reviewVocabulary() {
  return {
    statuses: PAIRING_STATUS_LABELS,
    sources: PAIRING_SOURCE_LABELS,
    transitions: PAIRING_TRANSITIONS,
    reasons: REJECTION_REASONS,
    industries: INDUSTRY_LABELS,
    complexes: COMPLEXES,
    kinds: KIND_LABELS,
    categories: CATEGORY_LABELS,
    regions: Object.fromEntries(PLACES.map((p) => [p.code, p.label])),
    components: SCORE_COMPONENTS.map(({ key, label, min, max }) => ({ key, label, min, max })),
  };
}
