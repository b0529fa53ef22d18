// Understanding an owner's words, through HTTP on the real PostgreSQL: a match says what the words were understood
// as, how the evidence was weighed, and explains with it; operators add, replace and retire concepts of the
// lexicon (each change a version, with who and why), this process uses a change at once and another process at
// its next refresh; needs registered with their labels train a classifier that is used once it passed its check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { generateSeedCorpus } from '../../src/seed/corpus.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const sweater = '我们做的羊毛衫洗两次就缩水变形，想找人查原因、改工艺';
const mould = { key: 'tx-mould', label: '纺织品防霉检测', cues: ['发霉', '长霉', '霉点'], terms: ['防霉性能', '抗菌防霉'], categories: ['testing'], industries: ['textile'] };

describe('understanding owners’ words', () => {
  let server: TestServer;
  let other: Engine;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const dirs = [tempDataDir('understand-a'), tempDataDir('understand-b')];
  const op = { as: 'operator' as const };

  beforeAll(async () => {
    pg = await freshPostgres('understanding');
    server = await startTestServer({ dataDir: dirs[0]!.dir, databaseUrl: pg.url });
    // A slice of the demo corpus: providers, and needs of which about half were registered with their labels.
    const corpus = generateSeedCorpus();
    const needs = corpus.needs.slice(0, 300);
    const owners = [...new Set(needs.map((n) => n.enterpriseIndex))];
    const file = [
      ...owners.map((i) => ({ type: 'enterprise', ...corpus.enterprises[i]! })),
      ...corpus.resources.slice(0, 400).map((r) => ({ type: 'resource', ...r })),
      ...needs.map(({ enterpriseIndex, ...n }) => ({ type: 'need', ...n, enterprise: corpus.enterprises[enterpriseIndex]!.creditCode })),
    ].map((o) => JSON.stringify(o)).join('\n');
    expect((await server.call('POST', '/v1/import', file, { type: 'application/x-ndjson' })).status).toBe(201);
    // A second process on the same database (no Redis: it reads the resources at start and lexicon changes at refresh).
    other = await createEngine({ config: { dataDir: dirs[1]!.dir, databaseUrl: pg.url }, log: createLogger('silent'), embedder: server.engine.embedder });
  });

  afterAll(async () => {
    await other?.close();
    await server?.close();
    await pg?.drop();
    for (const d of dirs) d.remove();
  });

  const match = async (text: string) => (await server.call('POST', '/v1/match', { text, limit: 5 })).body;

  it('says what the words were understood as and how the evidence was weighed, and explains with it', async () => {
    const r = await match(sweater);
    expect(r.inferred.understood.map((u: { key: string }) => u.key)).toContain('tx-shrinkage');
    expect(r.fusion.features).toMatchObject({ understood: expect.any(Number), lexicalGap: expect.any(Number), agreement: expect.any(Number), coverage: expect.any(Number) });
    expect(r.fusion.features.understood).toBeGreaterThan(0);
    expect(r.fusion.weights.lexical).toBeCloseTo(0.3 * r.fusion.multipliers.lexical, 3);
    // Fusion weighs the query, not each candidate: its numbers are not score components.
    expect(Object.keys(r.matches[0].components)).not.toContain('fusion');
    const first = r.matches[0];
    expect(first.score).toBeCloseTo(Object.values(first.contributions as Record<string, number>).reduce((a, b) => a + b, 0), 3);
    expect(first.contributions.lexical).toBeCloseTo(first.components.lexical * r.fusion.weights.lexical, 3);
    expect(r.matches.some((m: { explanation: string }) => /理解为：/.test(m.explanation))).toBe(true);
  });

  it('keeps the lexicon for operators, and shows version 1, the committed file, until they change it', async () => {
    expect((await server.call('GET', '/v1/lexicon', undefined, { as: 'portal' })).status).toBe(403);
    const r = await server.call('GET', '/v1/lexicon', undefined, op);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 1, history: [] });
    expect(r.body.concepts).toBeGreaterThanOrEqual(300);
    const found = await server.call('GET', '/v1/lexicon/concepts?q=缩水', undefined, op);
    expect(found.body.items.map((c: { key: string }) => c.key)).toContain('tx-shrinkage');
  });

  it('adds, replaces and retires a concept: versions with who and why, in use at once here and at the next refresh elsewhere', async () => {
    const text = '仓库里的布放了一个梅雨季，全是霉点';
    expect((await match(text)).inferred.understood.map((u: { key: string }) => u.key)).not.toContain('tx-mould');
    const start = (await server.call('GET', '/v1/lexicon', undefined, op)).body.version as number;

    const added = await server.call('PUT', '/v1/lexicon/concepts/tx-mould', { concept: mould, note: '梅雨季常见问题' }, op);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ version: start + 1, change: 'add', key: 'tx-mould' });
    const understood = await match(text);
    expect(understood.inferred.understood[0]).toMatchObject({ key: 'tx-mould', label: '纺织品防霉检测', cue: '霉点' });

    // Another process sees it at its next refresh (every 30 s; called here).
    await other.ctx.understanding.refresh();
    expect(other.ctx.understanding.lexicon.version).toBe(start + 1);
    expect((await other.matcher.match({ text, wantsVoucher: false, filters: {}, limit: 3 })).inference.understood[0]!.key).toBe('tx-mould');

    const replaced = await server.call('PUT', '/v1/lexicon/concepts/tx-mould', { concept: { ...mould, cues: ['长毛了'] } }, op);
    expect(replaced.body).toMatchObject({ version: start + 2, change: 'replace' });
    expect((await match(text)).inferred.understood.map((u: { key: string }) => u.key)).not.toContain('tx-mould');

    const retired = await server.call('DELETE', '/v1/lexicon/concepts/tx-mould', { note: '并入别的条目' }, op);
    expect(retired.body).toMatchObject({ version: start + 3, change: 'retire' });
    expect((await server.call('GET', '/v1/lexicon/concepts?q=tx-mould', undefined, op)).body.total).toBe(0);
    const history = (await server.call('GET', '/v1/lexicon', undefined, op)).body.history.slice(0, 3);
    expect(history.map((h: { version: number; change: string }) => `${h.version} ${h.change}`)).toEqual([`${start + 3} retire`, `${start + 2} replace`, `${start + 1} add`]);
    expect(history[2]).toMatchObject({ conceptKey: 'tx-mould', actorName: 'test operator', note: '梅雨季常见问题' });
  });

  it('refuses a bad edit with field-level errors and changes nothing', async () => {
    const before = (await server.call('GET', '/v1/lexicon', undefined, op)).body.version;
    const bad = await server.call('PUT', '/v1/lexicon/concepts/tx-bad', { concept: { ...mould, key: 'tx-bad', cues: ['霉'], categories: ['moon'] } }, op);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['concept.categories.0', 'concept.cues.0']);
    const mismatch = await server.call('PUT', '/v1/lexicon/concepts/tx-other', { concept: mould }, op);
    expect(mismatch.body.error.fields).toEqual([{ path: 'concept.key', message: 'must be tx-other, the key in the path' }]);
    expect((await server.call('DELETE', '/v1/lexicon/concepts/no-such-key', undefined, op)).status).toBe(404);
    expect((await server.call('PUT', '/v1/lexicon/concepts/Not%20A%20Key', { concept: mould }, op)).status).toBe(400);
    expect((await server.call('GET', '/v1/lexicon', undefined, op)).body.version).toBe(before);
  });

  it('learns a classifier from the needs registered with their labels, and uses it once it passed its check', async () => {
    await server.engine.ctx.understanding.refresh();
    const check = (await server.call('GET', '/v1/lexicon', undefined, op)).body.classifier;
    expect(check.examples).toBeGreaterThan(100);
    expect(check).toMatchObject({ adopted: true });
    expect(check.industryAccuracy).toBeGreaterThan(check.industryBaseline);
    expect(check.categoryAccuracy).toBeGreaterThan(check.categoryBaseline);
    expect(server.engine.ctx.understanding.classifier).toBeDefined();
  });
});
