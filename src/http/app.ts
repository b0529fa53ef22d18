// The express app: routes validate, call a use case and map errors; nothing here touches SQL or the index. It is
// given the use cases' context once the engine has warmed up; until then /v1 answers 503.
import express, { type Express } from 'express';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ServiceContext } from '../services/context.js';
import { health, readiness } from '../services/system.js';
import { authenticate, requireRole } from './auth.js';
import { errorHandler } from './errors.js';
import { apiHeaders, deadline, rejectNul } from './guards.js';
import { createMetrics } from './metrics.js';
import { apiDescription } from './openapi/docs-page.js';
import { requestLog } from './request-log.js';
import { reviewPage } from './review-page.js';
import { adminRoutes } from './routes/admin.routes.js';
import { enterpriseRoutes } from './routes/enterprises.routes.js';
import { importRoutes } from './routes/import.routes.js';
import { lexiconRoutes } from './routes/lexicon.routes.js';
import { matchRoutes } from './routes/match.routes.js';
import { needRoutes } from './routes/needs.routes.js';
import { resourceRoutes } from './routes/resources.routes.js';
import { reviewRoutes } from './routes/review.routes.js';

/** How long a /v1 request may take before it is answered 503; an import of a large file may take longer. */
export const REQUEST_DEADLINE_MS = 10_000;
const IMPORT_DEADLINE_MS = 120_000;

export interface AppState {
  /** Set once the engine has warmed up. */
  ctx?: ServiceContext;
  step: string;
}

export function createApp(state: AppState, log: Logger, opts: { trustProxy?: number; metricsToken?: string | undefined } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? 0);
  app.set('query parser', 'simple');
  // Every response carries X-Request-Id, every log line about the request too; every request is timed.
  app.use(requestLog(log));
  const metrics = createMetrics({ ctx: () => state.ctx, token: opts.metricsToken });
  app.use(metrics.middleware);
  app.get('/metrics', metrics.handler);

  // Liveness plus what an operator wants to see: queue depth, failed jobs, outbox backlog, index lag, schedules.
  app.get('/healthz', async (_req, res) => {
    if (!state.ctx) {
      res.status(503).json({ status: 'starting', step: state.step });
      return;
    }
    const h = await health({ ctx: state.ctx });
    // Alive either way; 503 tells a monitor the database is out of reach (matching goes on from memory).
    res.status(h.database.up ? 200 : 503).json({ status: h.database.up ? 'ok' : 'database unreachable', ...h });
  });

  // Readiness for a load balancer: ready to match with an index that is following the registrations.
  app.get('/readyz', async (_req, res) => {
    if (!state.ctx) {
      res.status(503).json({ ready: false, reasons: [`starting: ${state.step}`] });
      return;
    }
    const r = await readiness({ ctx: state.ctx });
    res.status(r.ready ? 200 : 503).json(r);
  });

  // The API's description and its reference page.
  app.use(apiDescription());

  // The operators' page; it talks to /v1 with the operator's key.
  app.use('/review', reviewPage());

  const v1 = express.Router();
  v1.use(...apiHeaders());
  v1.use(deadline((req) => (req.path.startsWith('/import') ? IMPORT_DEADLINE_MS : REQUEST_DEADLINE_MS)));
  v1.use((_req, _res, next) => next(state.ctx ? undefined : new AppError('not_ready', `the engine is starting (${state.step})`)));
  // Every /v1 call carries an API key; the least role of each group is named where it is mounted.
  v1.use(authenticate(() => state.ctx!.keys));
  v1.use(express.json({ limit: '1mb' }));
  v1.use(express.text({ type: ['application/x-ndjson', 'application/jsonl', 'text/plain'], limit: '50mb' }));
  v1.use(rejectNul());
  // Routers are built once the context exists, so each handler sees a wired one.
  let routes: express.Router | undefined;
  v1.use((req, res, next) => {
    const ctx = state.ctx!;
    routes ??= express.Router()
      .use('/enterprises', requireRole('portal'), enterpriseRoutes(ctx))
      .use('/needs', requireRole('portal'), needRoutes(ctx))
      .use('/resources', requireRole('portal'), resourceRoutes(ctx))
      .use('/match', requireRole('portal'), matchRoutes(ctx))
      .use('/import', requireRole('portal'), importRoutes(ctx))
      .use('/review', requireRole('operator'), reviewRoutes(ctx))
      .use('/lexicon', requireRole('operator'), lexiconRoutes(ctx))
      .use('/admin', requireRole('admin'), adminRoutes(ctx));
    routes(req, res, next);
  });
  v1.use((req, _res, next) => next(new AppError('not_found', `no route ${req.method} /v1${req.path}`)));
  app.use('/v1', v1);
  app.use(errorHandler(log));
  return app;
}
