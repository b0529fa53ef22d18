// A portal saves its matches for a need as suggestions, so operators see them in the same queue as the batch's.
// Pairs that exist already keep their state (a rejected pair is never suggested again).
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { insertSuggestions } from '../repositories/pairing.repository.js';
import { listQueue } from '../repositories/review.repository.js';
import { parse } from './context.js';
import { matchNeed, type MatchContext } from './match-need.js';

export const suggestionInput = z.strictObject({
  limit: z.number().int().min(1).max(20).default(5),
  /** As in a match: false saves the best in plain score order, near-duplicates included. */
  diversity: z.boolean().default(true),
});

/** `id`: the need's. */
export async function saveSuggestions({ ctx, actor, id: needId, input }: { ctx: MatchContext; actor: Actor; id: number; input: unknown }) {
  const { limit, diversity } = parse(suggestionInput, input ?? {});
  // matchNeed checks the actor may see the need (404 otherwise).
  const result = await matchNeed({ ctx, actor, input: { needId, limit, diversity } });
  const created = await ctx.db.transaction((tx) =>
    insertSuggestions(
      tx,
      'portal',
      result.matches.map((m) => ({ needId, resourceId: m.resource.id, rank: m.rank, score: m.score, components: m.components, multipliers: result.fusion?.multipliers ?? null, explanation: m.explanation, industry: result.industry })),
    ),
  );
  const saved = await listQueue(ctx.db, { needId }, { page: 1, pageSize: 100 });
  return {
    needId,
    created: created.length,
    pairings: saved.items.map((p) => ({ id: p.id, resource: { id: p.resource.id, name: p.resource.name, kind: p.resource.kind }, rank: p.rank, score: p.score, status: p.status, source: p.source })),
  };
}
