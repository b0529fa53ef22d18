// The OpenAPI 3.1 description of the API, generated from the zod schemas the use cases validate requests with and
// the response schemas beside it (schemas.ts). Served at /openapi.json and read by /docs; linted by the test suite
// (redocly), and a client generated from it drives an integration test. Every route of src/http/ is here once.
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { enterpriseInput, needInput, resourceInput, resourcePatch } from '../../domain/inputs.js';
import { conceptInput } from '../../domain/concept.js';
import { INDUSTRIES } from '../../domain/taxonomy.js';
import { ERROR_CODES, type ErrorCode } from '../../errors.js';
import { keyInput } from '../../services/api-keys.js';
import { listQuery as batchRunsQuery, startInput } from '../../services/batch-runs.js';
import { listQuery as enterprisesQuery } from '../../services/enterprises.js';
import { changeInput, listQuery as conceptsQuery, retireInput } from '../../services/lexicon.js';
import { matchRequest, storedNeedQuery } from '../../services/match-need.js';
import { listQuery as needsQuery } from '../../services/needs.js';
import { listQuery as resourcesQuery } from '../../services/resources.js';
import { decisionInput, needDecisionsInput, queueQuery, statsQuery } from '../../services/review.js';
import { complexSettingsInput, opportunitiesQuery } from '../../services/outreach.js';
import { performanceQuery } from '../../services/performance.js';
import { suggestionInput } from '../../services/suggestions.js';
import * as s from './schemas.js';

extendZodWithOpenApi(z);

type Role = 'portal' | 'operator' | 'admin';
const TAGS = [
  { name: 'enterprises', description: 'SMEs that register needs (统一社会信用代码 checked).' },
  { name: 'needs', description: "Enterprises' needs, and their matches." },
  { name: 'resources', description: 'Experts, shared equipment, labs, institutions and services.' },
  { name: 'matching', description: 'Ranked, explained matches for a need in words.' },
  { name: 'import', description: 'Bulk registration from NDJSON, all or nothing.' },
  { name: 'review', description: "The operators' queue of suggested pairings and their decisions." },
  { name: 'lexicon', description: 'The concept lexicon that understands owners’ words.' },
  { name: 'admin', description: 'Jobs, batch runs, rankers, API keys and the complexes’ settings.' },
  { name: 'system', description: 'Health, readiness, metrics and this description.' },
] as const;
type Tag = (typeof TAGS)[number]['name'];

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const idPath = z.object({ id: z.coerce.number().int().positive().openapi({ description: 'The record’s id.' }) });
const keyPath = z.object({ key: conceptInput.shape.key });
const complexPath = z.object({ code: z.enum(INDUSTRIES).openapi({ description: 'The complex’s industry code.' }) });

interface Operation {
  method: RouteConfig['method'];
  path: string;
  tag: Tag;
  id: string;
  summary: string;
  /** The least role that may call it; none for the open system routes. */
  role?: Role;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** `type`: the body's media type when it is not JSON (a CSV export). */
  ok: { status: number; schema?: z.ZodType; description: string; type?: string };
  /** A 503 the open system routes answer with a body of their own. */
  unavailable?: { schema: z.ZodType; description: string };
  /** The errors it may answer besides those of every /v1 call (401, 403, 429, 503). */
  errors?: ErrorCode[];
}

const V1_ERRORS: ErrorCode[] = ['unauthorized', 'forbidden', 'rate_limited', 'unavailable'];

function register(registry: OpenAPIRegistry, op: Operation): void {
  const codes = [...new Set([...(op.body || op.query || op.params ? (['validation_failed'] as ErrorCode[]) : []), ...(op.errors ?? []), ...(op.role ? V1_ERRORS : [])])];
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  registry.registerPath({
    method: op.method,
    path: op.path,
    tags: [op.tag],
    operationId: op.id,
    summary: op.summary,
    ...(op.role ? { description: `Needs a key of role ${op.role} or above.`, security: [{ bearer: [] }] } : { security: [] }),
    request: {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.body ? { body: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
    },
    responses: {
      [op.ok.status]: op.ok.schema ? { description: op.ok.description, content: { [op.ok.type ?? 'application/json']: { schema: op.ok.schema } } } : { description: op.ok.description },
      ...Object.fromEntries([...byStatus].map(([status, names]) => [status, json(s.errorBody, names.map((n) => ERROR_CODES[n as ErrorCode].message).join('; '))])),
      ...(op.unavailable ? { 503: json(op.unavailable.schema, op.unavailable.description) } : {}),
    },
  });
}

const crud = (path: string, tag: Tag, one: string, record: z.ZodType, input: z.ZodType, patch: z.ZodType, list: z.ZodObject): Operation[] => {
  const cap = one[0]!.toUpperCase() + one.slice(1);
  return [
    { method: 'get', path, tag, id: `list${cap}s`, summary: `List ${one}s (paged, filtered)`, role: 'portal', query: list, ok: { status: 200, schema: s.page(record, `${cap}Page`), description: `A page of ${one}s` } },
    { method: 'post', path, tag, id: `create${cap}`, summary: `Register a ${one} (an external id already used updates that record: 200)`, role: 'portal', body: input, ok: { status: 201, schema: record, description: `The ${one} registered` }, errors: ['conflict'] },
    { method: 'get', path: `${path}/{id}`, tag, id: `get${cap}`, summary: `Read a ${one}`, role: 'portal', params: idPath, ok: { status: 200, schema: record, description: `The ${one}` }, errors: ['not_found'] },
    { method: 'patch', path: `${path}/{id}`, tag, id: `update${cap}`, summary: `Change some fields of a ${one}`, role: 'portal', params: idPath, body: patch, ok: { status: 200, schema: record, description: `The ${one} as changed` }, errors: ['not_found', 'conflict'] },
    { method: 'delete', path: `${path}/{id}`, tag, id: `delete${cap}`, summary: `Delete a ${one} (retired instead when operators decided on its pairings)`, role: 'portal', params: idPath, ok: { status: 204, description: 'Deleted' }, errors: ['not_found'] },
  ];
};

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', tag: 'system', id: 'health', summary: 'Health: database, model, mode, index size, outbox, pipeline, schedules', ok: { status: 200, schema: s.healthBody, description: 'Up' }, unavailable: { schema: z.union([s.startingBody, s.healthBody]), description: 'Starting, or the database does not answer (matching goes on from memory)' } },
  { method: 'get', path: '/readyz', tag: 'system', id: 'readiness', summary: 'Ready to match with an index that follows the registrations', ok: { status: 200, schema: s.readinessBody, description: 'Ready' }, unavailable: { schema: z.union([z.object({ ready: z.literal(false), reasons: z.array(z.string()) }), s.readinessBody]), description: 'Not ready, with the reasons' } },
  { method: 'get', path: '/openapi.json', tag: 'system', id: 'openapi', summary: 'This description', ok: { status: 200, schema: z.object({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) }).openapi('OpenApiDocument'), description: 'The OpenAPI 3.1 document' } },

  ...crud('/v1/enterprises', 'enterprises', 'enterprise', s.enterprise, enterpriseInput, enterpriseInput.partial(), enterprisesQuery),
  ...crud('/v1/needs', 'needs', 'need', s.need, needInput, needInput.partial(), needsQuery),
  { method: 'get', path: '/v1/needs/{id}/matches', tag: 'needs', id: 'matchStoredNeed', summary: 'A stored need’s matches', role: 'portal', params: idPath, query: storedNeedQuery, ok: { status: 200, schema: s.matchResponse, description: 'Ranked, explained matches' }, errors: ['not_found', 'conflict', 'not_ready'] },
  { method: 'post', path: '/v1/needs/{id}/suggestions', tag: 'needs', id: 'saveSuggestions', summary: 'Save a need’s best matches for the operators’ review', role: 'portal', params: idPath, body: suggestionInput, ok: { status: 201, schema: s.savedSuggestions, description: 'The suggestions saved' }, errors: ['not_found', 'conflict', 'not_ready'] },
  ...crud('/v1/resources', 'resources', 'resource', s.resource, resourceInput, resourcePatch, resourcesQuery),
  { method: 'get', path: '/v1/resources/{id}/opportunities', tag: 'resources', id: 'listOpportunities', summary: 'Open needs this resource could serve, best first, within its capacity', role: 'operator', params: idPath, query: opportunitiesQuery, ok: { status: 200, schema: s.opportunities, description: 'Ranked, explained opportunities' }, errors: ['not_found', 'not_ready'] },
  { method: 'post', path: '/v1/match', tag: 'matching', id: 'match', summary: 'Match a need in words, or a stored need by id, with filters', role: 'portal', body: matchRequest, ok: { status: 200, schema: s.matchResponse, description: 'Ranked, explained matches' }, errors: ['not_found', 'conflict', 'not_ready'] },

  { method: 'get', path: '/v1/review/pairings', tag: 'review', id: 'listReviewQueue', summary: 'The review queue, best score first', role: 'operator', query: queueQuery, ok: { status: 200, schema: s.page(s.queueItem, 'QueuePage'), description: 'A page of pairings' } },
  { method: 'get', path: '/v1/review/pairings/{id}', tag: 'review', id: 'getPairing', summary: 'One pairing in full, with its history', role: 'operator', params: idPath, ok: { status: 200, schema: s.pairing, description: 'The pairing' }, errors: ['not_found'] },
  { method: 'post', path: '/v1/review/pairings/{id}/decisions', tag: 'review', id: 'decide', summary: 'Decide on a pairing (approve, contact, complete, reject with a reason)', role: 'operator', params: idPath, body: decisionInput, ok: { status: 200, schema: s.pairing, description: 'The pairing as decided' }, errors: ['not_found', 'conflict'] },
  { method: 'get', path: '/v1/review/needs/{id}', tag: 'review', id: 'getNeedReview', summary: 'One need with all its candidate pairings side by side', role: 'operator', params: idPath, ok: { status: 200, schema: s.needReview, description: 'The need and its pairings' }, errors: ['not_found'] },
  { method: 'post', path: '/v1/review/needs/{id}/decisions', tag: 'review', id: 'decideForNeed', summary: 'Decide on several of a need’s pairings at once: all of them, or none', role: 'operator', params: idPath, body: needDecisionsInput, ok: { status: 200, schema: s.needReview, description: 'The need and its pairings as decided' }, errors: ['not_found', 'conflict'] },
  { method: 'get', path: '/v1/review/stats', tag: 'review', id: 'reviewStats', summary: 'Decisions per day, approval rate per industry, pairings per status', role: 'operator', query: statsQuery, ok: { status: 200, schema: s.reviewStats, description: 'The figures' } },
  { method: 'get', path: '/v1/review/performance', tag: 'review', id: 'performance', summary: 'The complexes’ performance (绩效) per complex and month, Shanghai time', role: 'operator', query: performanceQuery, ok: { status: 200, schema: s.performance, description: 'The figures per complex and month, and per month' } },
  { method: 'get', path: '/v1/review/performance.csv', tag: 'review', id: 'performanceCsv', summary: 'The same figures as CSV (UTF-8 with a BOM), one line per complex and month', role: 'operator', query: performanceQuery, ok: { status: 200, schema: z.string(), description: 'CSV with a header line in Chinese', type: 'text/csv' } },
  { method: 'get', path: '/v1/review/vocabulary', tag: 'review', id: 'reviewVocabulary', summary: 'The fixed lists with their Chinese labels', role: 'operator', ok: { status: 200, schema: s.vocabulary, description: 'The lists' } },

  { method: 'get', path: '/v1/lexicon', tag: 'lexicon', id: 'showLexicon', summary: 'The lexicon version in use, its history and the need classifier’s check', role: 'operator', ok: { status: 200, schema: s.lexicon, description: 'The lexicon' } },
  { method: 'get', path: '/v1/lexicon/concepts', tag: 'lexicon', id: 'listConcepts', summary: 'The concepts in use', role: 'operator', query: conceptsQuery, ok: { status: 200, schema: s.concepts, description: 'The concepts' } },
  { method: 'put', path: '/v1/lexicon/concepts/{key}', tag: 'lexicon', id: 'putConcept', summary: 'Add a concept, or replace the one with this key', role: 'operator', params: keyPath, body: changeInput, ok: { status: 200, schema: s.lexiconChange, description: 'The new version' } },
  { method: 'delete', path: '/v1/lexicon/concepts/{key}', tag: 'lexicon', id: 'retireConcept', summary: 'Retire a concept', role: 'operator', params: keyPath, body: retireInput, ok: { status: 200, schema: s.lexiconChange, description: 'The new version' }, errors: ['not_found'] },

  { method: 'get', path: '/v1/admin/jobs', tag: 'admin', id: 'listJobs', summary: 'Queue counts and failed jobs with their reasons', role: 'admin', ok: { status: 200, schema: s.jobs, description: 'The queues' } },
  { method: 'post', path: '/v1/admin/batch-runs', tag: 'admin', id: 'startBatchRun', summary: 'Start a batch run now', role: 'admin', body: startInput, ok: { status: 202, schema: s.batchRun, description: 'The run, queued or running' }, errors: ['conflict'] },
  { method: 'get', path: '/v1/admin/batch-runs', tag: 'admin', id: 'listBatchRuns', summary: 'Recent batch runs', role: 'admin', query: batchRunsQuery, ok: { status: 200, schema: z.object({ items: z.array(s.batchRun), staleAfterSeconds: z.number() }).openapi('BatchRuns'), description: 'The runs' } },
  { method: 'get', path: '/v1/admin/batch-runs/{id}', tag: 'admin', id: 'getBatchRun', summary: 'One batch run with its progress and statistics', role: 'admin', params: idPath, ok: { status: 200, schema: s.batchRun, description: 'The run' }, errors: ['not_found'] },
  { method: 'get', path: '/v1/admin/rankers', tag: 'admin', id: 'listRankers', summary: 'Ranker versions with their checks, and the weights in use', role: 'admin', ok: { status: 200, schema: s.rankers, description: 'The rankers' } },
  { method: 'post', path: '/v1/admin/rankers', tag: 'admin', id: 'trainRanker', summary: 'Train the ranker from operators’ decisions now', role: 'admin', ok: { status: 201, schema: s.ranker.extend({ accepted: z.boolean() }).openapi('TrainedRanker'), description: 'The version trained, accepted or not' } },
  { method: 'post', path: '/v1/admin/keys', tag: 'admin', id: 'createApiKey', summary: 'Make an API key (it is in this answer only)', role: 'admin', body: keyInput, ok: { status: 201, schema: s.apiKey.extend({ key: z.string() }).openapi('NewApiKey'), description: 'The key' } },
  { method: 'get', path: '/v1/admin/keys', tag: 'admin', id: 'listApiKeys', summary: 'API keys (never the keys themselves)', role: 'admin', ok: { status: 200, schema: z.object({ items: z.array(s.apiKey) }).openapi('ApiKeys'), description: 'The keys' } },
  { method: 'get', path: '/v1/admin/complexes', tag: 'admin', id: 'listComplexes', summary: 'The complexes with their settings', role: 'admin', ok: { status: 200, schema: z.object({ items: z.array(s.complexSettings) }).openapi('ComplexesSettings'), description: 'The complexes' } },
  { method: 'put', path: '/v1/admin/complexes/{code}', tag: 'admin', id: 'updateComplex', summary: 'Change a complex’s settings (outreach on or off)', role: 'admin', params: complexPath, body: complexSettingsInput, ok: { status: 200, schema: s.complexSettings, description: 'The settings as saved' } },
  { method: 'delete', path: '/v1/admin/keys/{id}', tag: 'admin', id: 'revokeApiKey', summary: 'Revoke an API key', role: 'admin', params: idPath, ok: { status: 204, description: 'Revoked' }, errors: ['not_found'] },
];

/** The description; `server` is the base URL it is served under. */
export function openApiDocument(server = '/'): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sxm_…`' });
  for (const op of OPERATIONS) register(registry, op);
  registry.registerPath({
    method: 'post', path: '/v1/import', tags: ['import'], operationId: 'importNdjson', summary: 'Import NDJSON lines of enterprises, needs and resources: all or nothing',
    description: 'Needs a key of role portal or above. Each line is {"type": "enterprise" | "need" | "resource", ...the fields of its kind}; a need names its enterprise by credit code or external id.',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/x-ndjson': { schema: z.string() } } } },
    responses: {
      201: json(s.importReport, 'What was created and updated'),
      400: json(s.errorBody, 'the request is not valid (the lines and fields of every problem); nothing was stored'),
      ...Object.fromEntries(V1_ERRORS.map((c) => [ERROR_CODES[c].status, json(s.errorBody, ERROR_CODES[c].message)])),
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Shaoxing service matching',
      version: '1',
      description: 'Matches the needs of SMEs with experts, shared instruments, labs and services of Shaoxing’s industrial innovation service complexes, with explanations.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: server }],
    tags: [...TAGS],
  });
}
