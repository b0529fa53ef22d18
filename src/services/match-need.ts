// Turns a match request (a stored need or an ad-hoc one) into a NeedQuery, runs it and shapes the answer.
import { z } from 'zod';
import { recordId, region } from '../domain/inputs.js';
import { roundComponents, roundScore, type ScoreComponents } from '../domain/score-components.js';
import { CATEGORIES, CATEGORY_LABELS, INDUSTRIES, INDUSTRY_LABELS, RESOURCE_KINDS } from '../domain/taxonomy.js';
import { needQueryOf } from '../match/need-query.js';
import type { Fusion } from '../match/fusion.js';
import type { MatchResult } from '../match/pipeline.js';
import type { NeedQuery } from '../match/types.js';
import type { Actor } from '../auth/actor.js';
import { parse, type ServiceContext } from './context.js';
import { matchableNeed } from './needs.js';

const filters = {
  kinds: z.array(z.enum(RESOURCE_KINDS)).optional(),
  industries: z.array(z.enum(INDUSTRIES)).optional(),
  regions: z.array(region).optional(),
  voucherOnly: z.boolean().optional(),
  limit: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(10),
  /** false keeps near-duplicates (same provider, same listing) in score order instead of behind the distinct ones. */
  diversity: z.boolean().default(true),
};
export const matchRequest = z.union([
  z.strictObject({ needId: recordId, ...filters }),
  z.strictObject({
    text: z.string().trim().min(2, 'must describe the need in at least 2 characters').max(2000, 'must be at most 2000 characters'),
    industry: z.enum(INDUSTRIES).optional(),
    category: z.enum(CATEGORIES).optional(),
    region: region.optional(),
    wantsVoucher: z.boolean().default(false),
    ...filters,
  }),
]);
export type MatchRequest = z.infer<typeof matchRequest>;

export interface MatchResponse {
  need: { id?: number; text: string; industry: string | null; category: string | null; region: string | null; wantsVoucher: boolean };
  inferred: {
    industries: Array<{ code: string; label: string; confidence: number }>;
    categories: Array<{ code: string; label: string; confidence: number }>;
    /** Concepts of the lexicon the words were understood as, with the cue that matched. */
    understood: Array<{ key: string; label: string; cue: string }>;
  };
  /** How the evidence was weighed for this query: its features, the multipliers chosen, the weights used. */
  fusion: Fusion | null;
  /** The industry the need was judged in (given, or inferred with confidence): operators' feedback counts there. */
  industry: string | null;
  matches: Array<{
    rank: number;
    resource: { id: number; kind: string; name: string; region: string | null; industries: string[]; categories: string[]; voucherEligible: boolean; availability: string };
    score: number;
    components: ScoreComponents;
    contributions: ScoreComponents;
    matchedWords: string[];
    explanation: string;
  }>;
  timings: MatchResult['timings'];
}

/** A match by need id reads the need, its vector and its rejected pairs from memory (once read). */
export type MatchContext = Pick<ServiceContext, 'db' | 'matcher' | 'ranking' | 'storedNeeds'>;


export async function matchNeed({ ctx, actor, input }: { ctx: MatchContext; actor: Actor; input: unknown }): Promise<MatchResponse> {
  const { matcher } = ctx;
  // A body that names a need is checked against the stored-need shape first, so its errors read naturally.
  const req = parse(typeof input === 'object' && input !== null && 'needId' in input ? matchRequest.options[0] : matchRequest.options[1], input);
  const filterPart = { kinds: req.kinds, industries: req.industries, regions: req.regions, voucherOnly: req.voucherOnly };
  let query: NeedQuery;
  let vector: Float32Array | undefined;
  let needId: number | undefined;
  if ('needId' in req) {
    const stored = await matchableNeed(ctx, actor, req.needId);
    needId = stored.row.id;
    // What an operator rejected for this need is never suggested to it again.
    query = { ...needQueryOf(stored.row, { ...filterPart, exclude: ctx.ranking.rejectedFor(needId) }, req.limit), diversity: req.diversity };
    vector = stored.vector;
  } else {
    query = { text: req.text, industry: req.industry, category: req.category, region: req.region, wantsVoucher: req.wantsVoucher, filters: filterPart, limit: req.limit, diversity: req.diversity };
  }
  const result = await matcher.match(query, { vector });
  return {
    need: { ...(needId ? { id: needId } : {}), text: query.text, industry: query.industry ?? null, category: query.category ?? null, region: query.region ?? null, wantsVoucher: query.wantsVoucher },
    inferred: {
      industries: result.inference.industries.map((g) => ({ ...g, label: INDUSTRY_LABELS[g.code] })),
      categories: result.inference.categories.map((g) => ({ ...g, label: CATEGORY_LABELS[g.code] })),
      understood: result.inference.understood.map(({ key, label, cue }) => ({ key, label, cue })),
    },
    fusion: result.fusion ? { ...result.fusion, weights: roundComponents(result.fusion.weights) } : null,
    industry: result.industry ?? null,
    matches: result.matches.map((m, i) => ({
      rank: i + 1,
      resource: {
        id: m.profile.id, kind: m.profile.kind, name: m.profile.name, region: m.profile.region, industries: m.profile.industries,
        categories: m.profile.categories, voucherEligible: m.profile.voucherEligible, availability: m.profile.availability,
      },
      score: roundScore(m.score),
      components: roundComponents(m.components),
      contributions: roundComponents(m.contributions),
      matchedWords: m.matchedWords,
      explanation: m.explanation,
    })),
    timings: result.timings,
  };
}

export const storedNeedQuery = z.strictObject({ limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(10) });

/** GET /v1/needs/:id/matches: a stored need's matches; `input` is the query string (`limit`). */
export async function matchStoredNeed({ ctx, actor, id, input }: { ctx: MatchContext; actor: Actor; id: number; input: unknown }): Promise<MatchResponse> {
  const { limit } = parse(storedNeedQuery, input, 'query');
  return matchNeed({ ctx, actor, input: { needId: id, limit } });
}
