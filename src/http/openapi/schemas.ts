// What the API answers, as JSON on the wire (timestamps as ISO strings), in zod: the OpenAPI description's
// response side, next to the request schemas the use cases validate with. The generated-client test checks every
// answer it gets against these, so they cannot drift from what the use cases return.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { COMPONENT_KEYS, type ComponentKey } from '../../domain/score-components.js';
import { CATEGORIES, INDUSTRIES, PAIRING_STATUSES, RESOURCE_KINDS } from '../../domain/taxonomy.js';
import { ERROR_CODES } from '../../errors.js';

extendZodWithOpenApi(z);

const id = z.number().int().positive();
const at = z.iso.datetime({ offset: true });
const nullable = <T extends z.ZodType>(t: T) => t.nullable();

/** One number per score component. */
export const components = z.object(Object.fromEntries(COMPONENT_KEYS.map((k) => [k, z.number()])) as Record<ComponentKey, z.ZodNumber>).openapi('ScoreComponents');

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...Array<keyof typeof ERROR_CODES>]),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional() })),
    }),
  })
  .openapi('Error', { description: 'Every error: a code, a message, and the fields it is about (`line` for an import).' });

const contact = z.object({ person: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }).openapi('Contact');
const recordMeta = { externalId: nullable(z.string()), ownerKeyId: nullable(z.number().int()), archivedAt: nullable(at), createdAt: at, updatedAt: at };

export const enterprise = z
  .object({ id, creditCode: z.string(), name: z.string(), region: z.string(), industry: nullable(z.enum(INDUSTRIES)), contact: nullable(contact).optional(), ...recordMeta })
  .openapi('Enterprise', { description: 'Contact details only for operators and admins.' });

export const need = z
  .object({
    id, enterpriseId: id, title: z.string(), description: z.string(), category: nullable(z.enum(CATEGORIES)), industry: nullable(z.enum(INDUSTRIES)), region: nullable(z.string()),
    wantsVoucher: z.boolean(), budget: nullable(z.number()), deadline: nullable(z.string()), status: z.string(), ...recordMeta,
  })
  .openapi('Need');

export const resource = z
  .object({
    id, kind: z.enum(RESOURCE_KINDS), name: z.string(), description: z.string(), industries: z.array(z.enum(INDUSTRIES)), categories: z.array(z.enum(CATEGORIES)),
    region: nullable(z.string()), voucherEligible: z.boolean(), capacityPerMonth: z.number().int(), availability: z.string(),
    details: z.record(z.string(), z.unknown()).openapi({ description: 'Kind-specific: see the request schema of the kind.' }), contact: nullable(contact).optional(), complex: nullable(z.enum(INDUSTRIES)), ...recordMeta,
  })
  .openapi('Resource');

export const page = <T extends z.ZodType>(item: T, name: string) => z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }).openapi(name);

const guess = z.object({ code: z.string(), label: z.string(), confidence: z.number() });
export const matchResponse = z
  .object({
    need: z.object({ id: id.optional(), text: z.string(), industry: nullable(z.string()), category: nullable(z.string()), region: nullable(z.string()), wantsVoucher: z.boolean() }),
    inferred: z.object({ industries: z.array(guess), categories: z.array(guess), understood: z.array(z.object({ key: z.string(), label: z.string(), cue: z.string() })) }),
    fusion: nullable(z.object({ features: z.record(z.string(), z.number()), multipliers: z.record(z.string(), z.number()), weights: components })),
    industry: nullable(z.string()),
    matches: z.array(
      z.object({
        rank: z.number().int(),
        resource: z.object({ id, kind: z.enum(RESOURCE_KINDS), name: z.string(), region: nullable(z.string()), industries: z.array(z.string()), categories: z.array(z.string()), voucherEligible: z.boolean(), availability: z.string() }),
        score: z.number(),
        components,
        contributions: components,
        matchedWords: z.array(z.string()),
        explanation: z.string(),
      }),
    ),
  })
  .openapi('MatchResponse', { description: 'Ranked, explained matches; the stage timings are in the Server-Timing header.' });

export const opportunities = z
  .object({
    resource: z.object({ id, name: z.string(), kind: z.enum(RESOURCE_KINDS), complex: nullable(z.enum(INDUSTRIES)) }),
    capacity: z.object({
      perMonth: z.number().int(),
      held: z.number().int().openapi({ description: 'Places of the capacity held: approved and contacted pairings, and outreach suggestions.' }),
      suggested: z.number().int(),
      budget: z.number().int().openapi({ description: 'How many more it may be suggested for (capacity with the batch’s slack, less the places held); the list is no longer.' }),
    }),
    opportunities: z.array(
      z.object({
        rank: z.number().int(),
        need: z.object({ id, title: z.string(), industry: nullable(z.string()), category: nullable(z.string()), region: nullable(z.string()), wantsVoucher: z.boolean(), deadline: nullable(z.string()) }),
        enterprise: z.object({ id, name: z.string(), industry: nullable(z.string()), region: z.string(), needs: z.number().int().openapi({ description: 'Needs the enterprise has registered.' }) }),
        score: z.number(),
        components,
        placeInList: z.number().int().openapi({ description: 'The place the resource takes in the need’s own match list.' }),
        matchedWords: z.array(z.string()),
        explanation: z.string(),
      }),
    ),
  })
  .openapi('Opportunities', { description: 'Open needs a resource could serve, each scored as the need’s own match scores the resource.' });

const use = z.object({ used: z.number().int(), capacity: z.number().int(), rate: nullable(z.number()) });
const figures = {
  needsRegistered: z.number().int(),
  needsWithSuggestions: z.number().int(),
  approved: z.number().int(),
  contacted: z.number().int(),
  completed: z.number().int(),
  rejected: z.number().int(),
  rejectedByReason: z.record(z.string(), z.number().int()),
  medianHoursToFirstDecision: nullable(z.number()),
  servedNeeds: z.number().int(),
  servedByVoucherEligible: z.number().int(),
  voucherShare: nullable(z.number()),
  utilisation: z.object({ equipment: use, expert: use }),
};
export const performance = z
  .object({
    from: z.string(),
    to: z.string(),
    complex: nullable(z.enum(INDUSTRIES)),
    industry: nullable(z.enum(INDUSTRIES)),
    months: z.array(z.string()),
    rows: z.array(z.object({ month: z.string(), complex: nullable(z.enum(INDUSTRIES)), complexName: z.string(), ...figures })),
    totals: z.array(z.object({ month: z.string(), ...figures })),
  })
  .openapi('Performance', { description: 'Needs count in the month they were registered, decisions in the month they were made; utilisation is approved + contacted pairings against the monthly capacity of the instruments and experts a complex hosts.' });

export const complexSettings = z
  .object({ code: z.enum(INDUSTRIES), name: z.string(), outreach: z.boolean(), updatedBy: nullable(z.string()), updatedAt: nullable(at) })
  .openapi('ComplexSettings', { description: 'A complex (one per industry) and what an admin set for it.' });

export const savedSuggestions = z
  .object({
    needId: id,
    created: z.number().int(),
    pairings: z.array(z.object({ id, resource: z.object({ id, name: z.string(), kind: z.string() }), rank: z.number().int(), score: z.number(), status: z.enum(PAIRING_STATUSES), source: z.string() })),
  })
  .openapi('SavedSuggestions');

const counts = z.object({ created: z.number().int(), updated: z.number().int() });
export const importReport = z.object({ lines: z.number().int(), enterprises: counts, needs: counts, resources: counts }).openapi('ImportReport');

export const queueItem = z
  .object({
    id, status: z.enum(PAIRING_STATUSES), source: z.string(), rank: z.number().int(), score: z.number(), explanation: z.string(), batchRunId: nullable(z.number().int()),
    reason: nullable(z.string()), decidedBy: nullable(z.string()), decidedAt: nullable(at), createdAt: at,
    need: z.object({ id, title: z.string(), industry: nullable(z.string()), category: nullable(z.string()), region: nullable(z.string()), status: z.string() }),
    enterprise: z.object({ id, name: z.string() }),
    resource: z.object({ id, name: z.string(), kind: z.string(), region: nullable(z.string()), complex: nullable(z.string()) }),
  })
  .openapi('QueueItem');

export const pairing = z
  .object({
    id, needId: id, resourceId: id, rank: z.number().int(), score: z.number(), components: z.record(z.string(), z.number()), multipliers: nullable(z.record(z.string(), z.number())),
    explanation: z.string(), batchRunId: nullable(z.number().int()), status: z.enum(PAIRING_STATUSES), source: z.string(), industry: nullable(z.string()),
    reason: nullable(z.string()), note: nullable(z.string()), decidedBy: nullable(z.string()), decidedAt: nullable(at), createdAt: at, updatedAt: at,
    statusLabel: z.string(), next: z.array(z.enum(PAIRING_STATUSES)),
    need, enterprise, resource,
    events: z.array(z.object({ id, pairingId: id, actorKeyId: nullable(z.number().int()), actorName: z.string(), fromStatus: nullable(z.string()), toStatus: z.string(), reason: nullable(z.string()), note: nullable(z.string()), createdAt: at })),
  })
  .openapi('Pairing', { description: 'A pairing with both sides in full, its history and the statuses it may move to.' });

export const needReview = z
  .object({
    need,
    enterprise: z.object({ id, name: z.string(), region: z.string(), industry: nullable(z.string()) }),
    pairings: z.array(
      z.object({
        id, status: z.enum(PAIRING_STATUSES), statusLabel: z.string(), next: z.array(z.enum(PAIRING_STATUSES)), source: z.string(), rank: z.number().int(), score: z.number(),
        components: z.record(z.string(), z.number()), explanation: z.string(), reason: nullable(z.string()), note: nullable(z.string()), decidedBy: nullable(z.string()), decidedAt: nullable(at), createdAt: at,
        resource: z.object({
          id, name: z.string(), kind: z.enum(RESOURCE_KINDS), region: nullable(z.string()), complex: nullable(z.string()), industries: z.array(z.string()), categories: z.array(z.string()),
          voucherEligible: z.boolean(), availability: z.string(), capacityPerMonth: z.number().int(),
        }),
      }),
    ),
  })
  .openapi('NeedReview', { description: 'One need with its candidate pairings side by side, best score first.' });

export const reviewStats = z
  .object({
    days: z.number().int(),
    perDay: z.array(z.object({ day: z.string() }).catchall(z.number())),
    byIndustry: z.array(z.object({ industry: z.string(), label: z.string(), approved: z.number().int(), rejected: z.number().int(), approvalRate: z.number() })),
    statuses: z.record(z.string(), z.number().int()),
  })
  .openapi('ReviewStats');

export const vocabulary = z.record(z.string(), z.unknown()).openapi('Vocabulary', { description: 'The fixed lists (statuses, sources, transitions, reasons, industries, complexes, kinds, categories, regions, components) with their Chinese labels.' });

export const batchRun = z
  .object({
    id, status: z.string(), trigger: z.string(), options: z.record(z.string(), z.unknown()), phase: nullable(z.string()), attempt: z.number().int(),
    progress: z.object({ needsDone: z.number().int(), needsTotal: z.number().int(), fraction: z.number() }),
    silentSeconds: nullable(z.number()), stats: nullable(z.record(z.string(), z.unknown())), error: nullable(z.string()), createdAt: at, startedAt: nullable(at), finishedAt: nullable(at),
  })
  .openapi('BatchRun');

const queueCounts = nullable(z.object({ waiting: z.number().int(), active: z.number().int(), delayed: z.number().int(), failed: z.number().int() }));
const health = {
  database: z.object({ kind: z.enum(['postgres', 'pglite']), up: z.boolean() }),
  model: z.string(),
  mode: z.enum(['in-process', 'queue']),
  resources: z.number().int(),
  outbox: nullable(z.object({ pending: z.number().int(), oldestSeconds: z.number() })),
  pipeline: z.record(z.string(), z.unknown()).optional(),
  schedules: z.array(z.object({ name: z.string(), cron: nullable(z.string()), tz: z.string(), next: nullable(z.string()), runsIn: z.string() })),
};
export const healthBody = z.object({ status: z.string(), ...health }).openapi('Health');
export const readinessBody = z.object({ ready: z.boolean(), reasons: z.array(z.string()), ...health }).openapi('Readiness');
export const startingBody = z.object({ status: z.literal('starting'), step: z.string() }).openapi('Starting');

export const jobs = z
  .object({ mode: z.enum(['in-process', 'queue']), outbox: health.outbox, queue: queueCounts, batchQueue: queueCounts, schedules: health.schedules, failed: z.array(z.record(z.string(), z.unknown())) })
  .openapi('Jobs');

export const ranker = z
  .object({ id, status: z.string(), weights: z.record(z.string(), z.number()), metrics: z.record(z.string(), z.unknown()), reason: z.string(), createdAt: at })
  .openapi('Ranker');
export const rankers = z.object({ inUse: nullable(z.number().int()), weights: components, items: z.array(ranker) }).openapi('Rankers');

export const apiKey = z.object({ id, name: z.string(), role: z.string(), prefix: z.string(), ratePerMinute: z.number().int(), createdAt: at, revokedAt: nullable(at) }).openapi('ApiKey');

export const concept = z.record(z.string(), z.unknown()).openapi('ConceptEntry', { description: 'A concept of the lexicon: key, label, cues, terms, categories, industries.' });
export const lexicon = z
  .object({ version: z.number().int(), source: z.string(), concepts: z.number().int(), history: z.array(z.record(z.string(), z.unknown())), classifier: nullable(z.record(z.string(), z.unknown())) })
  .openapi('Lexicon');
export const concepts = z.object({ version: z.number().int(), total: z.number().int(), items: z.array(concept) }).openapi('Concepts');
export const lexiconChange = z.object({ version: z.number().int(), change: z.enum(['add', 'replace', 'retire']), key: z.string(), concepts: z.number().int() }).openapi('LexiconChange');
