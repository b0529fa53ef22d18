// Prometheus metrics at /metrics (prom-client): request latency per route, the match stages of every match
// answered, and, read when scraped, the index size, the outbox and queue depths, and the batch and ranker runs.
// Open like /healthz unless METRICS_TOKEN is set; then a scrape must send it as a bearer token. A registry per
// app, so several apps in one process (tests) do not share figures.
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MatchResult } from '../match/pipeline.js';
import type { ServiceContext } from '../services/context.js';
import { operationalFigures } from '../services/system.js';

const SECONDS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const STAGES = ['embed', 'retrieve', 'rank'] as const;

/** Where a route handler leaves its match's stage timings for the metrics. */
export const MATCH_TIMINGS = 'matchTimings';

export interface Metrics {
  /** Times every request by its route pattern (never the raw path: ids would make a series each). */
  middleware: RequestHandler;
  /** GET /metrics. */
  handler: RequestHandler;
}

export function createMetrics(opts: { ctx: () => ServiceContext | undefined; token?: string | undefined }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request latency by route pattern', labelNames: ['method', 'route', 'status'], buckets: SECONDS, registers: [registry] });
  const stages = new Histogram({ name: 'match_stage_duration_seconds', help: 'Match stages (embed, retrieve and infer, rank) of every match answered', labelNames: ['stage'], buckets: SECONDS, registers: [registry] });
  const matches = new Counter({ name: 'matches_total', help: 'Matches answered', registers: [registry] });

  const figures = () => {
    const ctx = opts.ctx();
    return ctx ? operationalFigures({ ctx }) : undefined;
  };
  // One read of the figures per scrape, shared by the gauges below.
  let scrape: ReturnType<typeof figures> | undefined;
  const gauge = (name: string, help: string, labelNames: string[], set: (g: Gauge, f: NonNullable<Awaited<ReturnType<typeof figures>>>) => void) =>
    new Gauge({
      name, help, labelNames, registers: [registry],
      async collect() {
        const f = await scrape;
        this.reset();
        if (f) set(this, f);
      },
    });
  gauge('index_resources', 'Resources in this process\'s search index', [], (g, f) => g.set(f.health.resources));
  gauge('outbox_pending', 'Outbox records not yet dispatched (null while the database is away)', [], (g, f) => f.health.outbox && g.set(f.health.outbox.pending));
  gauge('queue_jobs', 'Jobs in the queues by state (queue mode)', ['queue', 'state'], (g, f) => {
    for (const [queue, counts] of [['index', f.health.pipeline?.queue], ['batch', f.health.pipeline?.batchQueue]] as const) {
      for (const [state, n] of Object.entries(counts ?? {})) g.set({ queue, state }, n);
    }
  });
  gauge('batch_runs', 'Batch runs by status', ['status'], (g, f) => f.batchRuns?.byStatus.forEach((r) => g.set({ status: r.status }, r.n)));
  gauge('batch_last_run_seconds', 'Duration of the last completed batch run', [], (g, f) => f.batchRuns?.last && g.set(f.batchRuns.last.seconds));
  gauge('batch_last_run_needs', 'Open needs the last completed batch run matched', [], (g, f) => f.batchRuns?.last && g.set(f.batchRuns.last.needs));
  gauge('batch_last_run_finished_timestamp_seconds', 'When the last completed batch run finished', [], (g, f) => f.batchRuns?.last && g.set(f.batchRuns.last.finishedAt.getTime() / 1000));
  gauge('ranker_runs', 'Rankers trained, by status', ['status'], (g, f) => f.rankers?.forEach((r) => g.set({ status: r.status }, r.n)));

  const middleware: RequestHandler = (req, res, next) => {
    const end = requests.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
      const t = res.locals[MATCH_TIMINGS] as MatchResult['timings'] | undefined;
      if (!t) return;
      matches.inc();
      for (const stage of STAGES) stages.observe({ stage }, t[stage] / 1000);
    });
    next();
  };

  const handler: RequestHandler = async (req, res) => {
    if (opts.token && !bearerIs(req, opts.token)) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: { code: 'unauthorized', message: 'send the metrics token as a bearer token', fields: [] } });
      return;
    }
    scrape = figures();
    try {
      res.set('Content-Type', registry.contentType).send(await registry.metrics());
    } finally {
      scrape = undefined;
    }
  };
  return { middleware, handler };
}

/**
 * The route pattern that answered (/v1/needs/:id/matches); "(none)" for a request no route answered (an unknown
 * path, or one refused before routing: no key, a rate limit).
 */
function routeOf(req: Request): string {
  const path = req.originalUrl.split('?')[0]!;
  if (req.route?.path) {
    // After an error has left the routers, baseUrl is back to ''; the API's groups are mounted at /v1/<group>.
    const base = req.baseUrl || (path.startsWith('/v1/') ? path.split('/').slice(0, 3).join('/') : '');
    return `${base}${String(req.route.path)}`.replace(/(.)\/$/, '$1');
  }
  return path === '/healthz' || path === '/readyz' || path === '/metrics' ? path : path.startsWith('/review') ? '/review' : '(none)';
}

function bearerIs(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** For route handlers: the match's stage timings, for the metrics. */
export function recordMatchTimings(res: Response, timings: MatchResult['timings']): void {
  res.locals[MATCH_TIMINGS] = timings;
}
