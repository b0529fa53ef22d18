// The concept lexicon as operators manage it (/v1/lexicon): read the version in use and its history, add or
// replace a concept, retire one. Each change is a new version holding the whole lexicon and the change itself
// (who, what, why), written under a lock so two editors take turns; this process uses it at once, every other
// within the refresh of its understanding state.
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { conceptInput, type Concept } from '../domain/concept.js';
import { AppError, notFound } from '../errors.js';
import { insertLexiconVersion, lexiconHistory, lockLexicon, newestLexicon } from '../repositories/lexicon.repository.js';
import { readLexiconFile } from '../understanding/lexicon.js';
import { parse, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'understanding'>;

export const changeInput = z.strictObject({ concept: conceptInput, note: z.string().trim().max(500, 'must be at most 500 characters').optional() });
export const retireInput = z.strictObject({ note: z.string().trim().max(500, 'must be at most 500 characters').optional() });
export const listQuery = z.strictObject({ q: z.string().max(50).optional() });

/** The version in use, how many concepts it has, the latest changes, and the need classifier's last check. */
export async function showLexicon({ ctx }: { ctx: Ctx; actor: Actor }) {
  const lexicon = ctx.understanding.lexicon;
  return {
    version: lexicon.version,
    source: lexicon.version === 1 ? 'the committed file (src/understanding/concepts.v1.json)' : 'a version operators made',
    concepts: lexicon.size,
    history: (await lexiconHistory(ctx.db, 50)).map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })),
    classifier: ctx.understanding.classifierCheck ?? null,
  };
}

/** The concepts in use; `q` keeps those whose key, label, cues or terms contain it. */
export async function listConcepts({ ctx, input }: { ctx: Ctx; actor: Actor; input: unknown }) {
  const { q } = parse(listQuery, input, 'query');
  const all = ctx.understanding.lexicon.concepts;
  const items = q ? all.filter((c) => [c.key, c.label, ...c.cues, ...c.terms].some((s) => s.includes(q))) : all;
  return { version: ctx.understanding.lexicon.version, total: items.length, items };
}

async function change(ctx: Ctx, actor: Actor, edit: (concepts: Concept[]) => { concepts: Concept[]; change: 'add' | 'replace' | 'retire'; key: string }, note: string | undefined) {
  const written = await ctx.db.transaction(async (tx) => {
    await lockLexicon(tx);
    const current = await newestLexicon(tx);
    const next = edit(current ? current.concepts : readLexiconFile());
    return insertLexiconVersion(tx, {
      version: (current?.version ?? 1) + 1,
      concepts: next.concepts,
      change: next.change,
      conceptKey: next.key,
      actorKeyId: actor.keyId,
      actorName: actor.name,
      note: note ?? null,
    });
  });
  await ctx.understanding.refresh();
  return { version: written.version, change: written.change, key: written.conceptKey, concepts: written.concepts.length };
}

/** Adds a concept, or replaces the one with the same key; `id` is the key in the path and must match the body's. */
export async function putConcept({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: string; input: unknown }) {
  const { concept, note } = parse(changeInput, input);
  if (concept.key !== id) throw new AppError('validation_failed', 'the request is not valid', [{ path: 'concept.key', message: `must be ${id}, the key in the path` }]);
  return change(
    ctx,
    actor,
    (concepts) => {
      const at = concepts.findIndex((c) => c.key === id);
      return at < 0
        ? { concepts: [...concepts, concept], change: 'add', key: id }
        : { concepts: concepts.map((c, i) => (i === at ? concept : c)), change: 'replace', key: id };
    },
    note,
  );
}

/** Retires a concept: later versions no longer hold it; the versions before keep what it was. */
export async function retireConcept({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: string; input: unknown }) {
  const { note } = parse(retireInput, input ?? {});
  return change(
    ctx,
    actor,
    (concepts) => {
      if (!concepts.some((c) => c.key === id)) throw notFound('concept', id);
      return { concepts: concepts.filter((c) => c.key !== id), change: 'retire', key: id };
    },
    note,
  );
}
