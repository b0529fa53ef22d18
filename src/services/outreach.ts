// Outreach: a resource finds the open needs it could serve. Operators list a resource's opportunities (GET
// /v1/resources/:id/opportunities), and when a resource registers or its text changes the indexing processor
// suggests it to the best of them, in the review queue with source `outreach`: only to needs whose own match would
// place it among the suggestions a batch makes, within its capacity (the batch's budget, which these suggestions
// then share) and never to a need that has that many pairings already. An admin turns it off per complex.
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { holdsCapacity, suggestionBudget, type BatchRunOptions } from '../batch/plan.js';
import type { Db } from '../db/client.js';
import type { ResourceRow } from '../db/schema.js';
import { localDate, pastDeadline } from '../domain/deadline.js';
import { roundComponents, roundScore } from '../domain/score-components.js';
import { COMPLEXES, INDUSTRIES, type Industry } from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import type { OpenNeeds } from '../indexing/open-needs.js';
import type { Logger } from '../log.js';
import { rankOpportunities, type Opportunity } from '../match/opportunities.js';
import type { MatchPipeline } from '../match/pipeline.js';
import { allComplexSettings, complexSettingsOf, saveComplexSettings } from '../repositories/complex-settings.repository.js';
import { getEnterprises } from '../repositories/enterprise.repository.js';
import { needCountsOfEnterprises } from '../repositories/need.repository.js';
import { insertSuggestions, livePairingCounts, pairingsOfResource } from '../repositories/pairing.repository.js';
import { getResource, getResources } from '../repositories/resource.repository.js';
import { parse, type ServiceContext } from './context.js';

/** Most suggestions one registration (or change) of a resource makes. */
export const OUTREACH_SUGGESTIONS = 5;

export interface OutreachDeps {
  db: Db;
  matcher: MatchPipeline;
  openNeeds: OpenNeeds;
  /** The batch's options: how many suggestions a need gets (`want`), the capacity slack. */
  batch: Pick<BatchRunOptions, 'want' | 'slack'>;
  log: Logger;
}

interface Found {
  capacity: { perMonth: number; held: number; suggested: number; budget: number };
  opportunities: Opportunity[];
}

/**
 * A resource's best `limit` open needs, excluding those it is paired with (in any state); none once its budget is
 * spent, and no more than the budget allows when `capped` (the caller that filters further takes its own share).
 */
async function opportunitiesOf(deps: Pick<OutreachDeps, 'db' | 'matcher' | 'openNeeds' | 'batch'>, resource: ResourceRow, limit: number, capped: boolean): Promise<Found> {
  const pairs = await pairingsOfResource(deps.db, resource.id);
  const paired = new Set(pairs.map((p) => p.needId));
  const held = pairs.filter(holdsCapacity).length;
  const budget = suggestionBudget(resource.capacityPerMonth, deps.batch.slack, held);
  const capacity = { perMonth: resource.capacityPerMonth, held, suggested: pairs.filter((p) => p.status === 'suggested').length, budget };
  const pool = await deps.openNeeds.current();
  const today = localDate();
  const accept = (needId: number) => !paired.has(needId) && !pastDeadline(deps.openNeeds.row(needId)?.deadline, today);
  const opportunities = budget > 0 ? await rankOpportunities(deps.matcher, resource.id, pool, { limit: capped ? Math.min(limit, budget) : limit, accept }) : [];
  return { capacity, opportunities };
}

export const opportunitiesQuery = z.strictObject({ limit: z.coerce.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').default(10) });

type Ctx = Pick<ServiceContext, 'db' | 'matcher' | 'openNeeds' | 'batchDefaults'>;

/** GET /v1/resources/:id/opportunities (operators: it shows every portal's needs); `input` is the query string. */
export async function listOpportunities({ ctx, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }) {
  const { limit } = parse(opportunitiesQuery, input, 'query');
  const resource = await getResource(ctx.db, id);
  if (!resource || resource.archivedAt) throw notFound('resource', id);
  if (!ctx.matcher.resourceVector(id)) throw new AppError('not_ready', `resource ${id} is not indexed yet`);
  const { capacity, opportunities } = await opportunitiesOf({ ...ctx, batch: ctx.batchDefaults }, resource, limit, true);
  const rows = opportunities.map((o) => ctx.openNeeds.row(o.needId)!);
  const enterpriseIds = [...new Set(rows.map((r) => r.enterpriseId))];
  const [enterprises, needCounts] = await Promise.all([getEnterprises(ctx.db, enterpriseIds), needCountsOfEnterprises(ctx.db, enterpriseIds)]);
  const enterpriseOf = new Map(enterprises.map((e) => [e.id, e]));
  return {
    resource: { id: resource.id, name: resource.name, kind: resource.kind, complex: resource.complex },
    capacity,
    opportunities: opportunities.map((o, i) => {
      const need = rows[i]!;
      const e = enterpriseOf.get(need.enterpriseId)!;
      return {
        rank: i + 1,
        need: { id: need.id, title: need.title, industry: need.industry, category: need.category, region: need.region, wantsVoucher: need.wantsVoucher, deadline: need.deadline },
        enterprise: { id: e.id, name: e.name, industry: e.industry, region: e.region, needs: needCounts.get(e.id) ?? 0 },
        score: roundScore(o.match.score),
        components: roundComponents(o.match.components),
        /** The place the resource would take in the need's own list. */
        placeInList: o.placeInList,
        matchedWords: o.match.matchedWords,
        explanation: o.explanation,
      };
    }),
  };
}

/**
 * Suggests each of these resources (registered or changed) to the open needs it serves best: needs whose own
 * match places it among the first `want`, with fewer than `want` live pairings, up to its budget and
 * OUTREACH_SUGGESTIONS. Returns the suggestions made per resource. Failures are logged: the registration stands.
 */
export async function suggestOutreach(deps: OutreachDeps, resourceIds: readonly number[]): Promise<Map<number, number>> {
  const made = new Map<number, number>();
  const resources = await getResources(deps.db, [...resourceIds]).catch((err: unknown) => {
    deps.log.error({ err, resourceIds }, 'outreach failed');
    return [];
  });
  for (const resource of resources) {
    try {
      if (resource.archivedAt || !deps.matcher.resourceVector(resource.id)) continue;
      if (resource.complex && (await complexSettingsOf(deps.db, resource.complex))?.outreach === false) continue;
      // More than it may suggest: some will be needs that place it too low or have enough pairings already.
      const { capacity, opportunities } = await opportunitiesOf(deps, resource, OUTREACH_SUGGESTIONS * 3, false);
      const room = Math.min(OUTREACH_SUGGESTIONS, capacity.budget);
      const served = opportunities.filter((o) => o.placeInList <= deps.batch.want);
      const live = await livePairingCounts(deps.db, served.map((o) => o.needId));
      const chosen = served.filter((o) => (live.get(o.needId) ?? 0) < deps.batch.want).slice(0, room);
      const ids = await deps.db.transaction((tx) =>
        insertSuggestions(
          tx,
          'outreach',
          chosen.map((o) => ({
            needId: o.needId, resourceId: resource.id, rank: o.placeInList, score: roundScore(o.match.score), components: o.match.components,
            multipliers: o.fusion.multipliers, explanation: o.explanation, industry: o.industry ?? null,
          })),
        ),
      );
      made.set(resource.id, ids.length);
    } catch (err) {
      deps.log.error({ err, resourceId: resource.id }, 'outreach failed');
    }
  }
  return made;
}

export const complexSettingsInput = z.strictObject({ outreach: z.boolean() });

/** Every complex with its settings (defaults where an admin set nothing). */
export async function listComplexes({ ctx }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor }) {
  const saved = new Map((await allComplexSettings(ctx.db)).map((r) => [r.complex, r]));
  return INDUSTRIES.map((code) => complexView(code, saved.get(code)));
}

/** PUT /v1/admin/complexes/:code: `input` is the settings. */
export async function updateComplex({ ctx, actor, code, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; code: Industry; input: unknown }) {
  const set = parse(complexSettingsInput, input);
  return complexView(code, await saveComplexSettings(ctx.db, code, set, actor.name));
}

function complexView(code: Industry, row: { outreach: boolean; updatedBy: string; updatedAt: Date } | undefined) {
  return { code, name: COMPLEXES[code], outreach: row?.outreach ?? true, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt.toISOString() ?? null };
}
