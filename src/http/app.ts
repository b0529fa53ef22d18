// The express app: routes validate, call a use case and map errors; nothing here touches SQL or the index.
import express, { type Express } from 'express';
import type { Engine, EngineHealth } from '../engine.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { authenticate, requireRole } from './auth.js';
import { errorHandler } from './errors.js';
import { reviewPage } from './review-page.js';
import { enterpriseRoutes } from './routes/enterprises.routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { importRoutes } from './routes/import.routes.js';
import { matchRoutes } from './routes/match.routes.js';
import { needRoutes } from './routes/needs.routes.js';
import { resourceRoutes } from './routes/resources.routes.js';
import { reviewRoutes } from './routes/review.routes.js';

export interface AppState {
  /** Set once the engine has warmed up; until then /v1 answers 503. */
  engine?: Engine;
  step: string;
}

export function createApp(state: AppState, log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // Liveness plus what an operator wants to see: queue depth, failed jobs, outbox backlog, index lag.
  app.get('/healthz', async (_req, res) => {
    const engine = state.engine;
    if (!engine) {
      res.status(503).json({ status: 'starting', step: state.step });
      return;
    }
    res.json({ status: 'ok', database: engine.database.kind, model: engine.embedder.modelId, ...(await engine.health()) });
  });

  // Readiness for a load balancer: ready to match with an index that is following the registrations.
  app.get('/readyz', async (_req, res) => {
    const engine = state.engine;
    if (!engine) {
      res.status(503).json({ ready: false, reasons: [`starting: ${state.step}`] });
      return;
    }
    const health = await engine.health();
    const reasons = readinessProblems(health);
    res.status(reasons.length === 0 ? 200 : 503).json({ ready: reasons.length === 0, reasons, ...health });
  });

  // The operators' page; it talks to /v1 with the operator's key.
  app.use('/review', reviewPage());

  const v1 = express.Router();
  v1.use((_req, _res, next) => next(state.engine ? undefined : new AppError('not_ready', `the engine is starting (${state.step})`)));
  // Every /v1 call carries an API key; the least role of each group is named where it is mounted.
  v1.use(authenticate(() => state.engine!.keys));
  v1.use(express.json({ limit: '1mb' }));
  // Routers are built once the engine exists, so each handler sees a wired context.
  let routes: express.Router | undefined;
  v1.use((req, res, next) => {
    const engine = state.engine!;
    routes ??= express.Router()
      .use('/enterprises', requireRole('portal'), enterpriseRoutes(engine.ctx))
      .use('/needs', requireRole('portal'), needRoutes(engine.ctx, engine.matcher))
      .use('/resources', requireRole('portal'), resourceRoutes(engine.ctx))
      .use('/match', requireRole('portal'), matchRoutes(engine.ctx, engine.matcher))
      .use('/import', requireRole('portal'), importRoutes(engine.ctx))
      .use('/review', requireRole('operator'), reviewRoutes(engine.ctx))
      .use('/admin', requireRole('admin'), adminRoutes(engine));
    routes(req, res, next);
  });
  v1.use((req, _res, next) => next(new AppError('not_found', `no route ${req.method} /v1${req.path}`)));
  app.use('/v1', v1);
  app.use(errorHandler(log));
  return app;
}

/** An index more than this far behind the announcements is not ready to answer for the latest registrations. */
const MAX_LAG_MS = 5000;

export function readinessProblems(h: EngineHealth): string[] {
  const reasons: string[] = [];
  if (h.resources === 0) reasons.push('no resources indexed');
  if (h.pipeline && !h.pipeline.follower.connected) reasons.push('not following index announcements (Redis unreachable)');
  if (h.pipeline && h.pipeline.follower.lagMs > MAX_LAG_MS) reasons.push(`index ${h.pipeline.follower.lagMs} ms behind`);
  return reasons;
}
