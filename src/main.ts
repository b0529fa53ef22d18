// `npm start`: serves the API. The port opens at once (/healthz says "starting"); the engine warms up behind it,
// seeds the demo corpus into an empty database, and then /healthz answers 200.
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { ModelMissingError } from './embedding/embedder.js';
import { createEngine, type Engine } from './engine.js';
import { createApp, type AppState } from './http/app.js';
import { createLogger } from './log.js';
import { consoleProgress } from './progress.js';
import { countResources } from './repositories/resource.repository.js';
import { ensureFirstAdminKey } from './services/api-keys.js';
import { seedDemoCorpus } from './services/seed-demo.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const state: AppState = { step: 'checking the model' };
  const server: Server = await new Promise((ok) => {
    const s = createApp(state, log, { trustProxy: config.trustProxy, metricsToken: config.metricsToken }).listen(config.port, () => ok(s));
  });
  // The port actually bound (PORT=0 asks the system for a free one).
  const port = (server.address() as { port: number }).port;
  log.info({ port, database: config.databaseUrl ? 'postgres' : `embedded (${config.dataDir})` }, 'listening');

  let engine: Engine | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await new Promise((ok) => server.close(ok));
    await engine?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const progress = consoleProgress();
  state.step = 'loading the index';
  engine = await createEngine({ config, log, onProgress: progress });
  if (config.seedDemo === 'auto' && (await countResources(engine.ctx.db)) === 0) {
    state.step = 'seeding the demo corpus';
    log.info('empty database: seeding the Shaoxing demo corpus (embedding takes a minute or two)');
    const report = await seedDemoCorpus({ ctx: engine.ctx, onProgress: (d, t) => progress('seed: embedding resources', d, t) });
    await engine.snapshot();
    log.info({ enterprises: report.enterprises.created, resources: report.resources.created, needs: report.needs.created }, 'demo corpus seeded');
  }
  const firstKey = await ensureFirstAdminKey(engine.ctx.db);
  if (firstKey) printFirstKey(firstKey, port);
  state.ctx = engine.ctx;
  log.info({ url: `http://localhost:${port}` }, 'ready');
}

/** A database that has never had an API key gets an admin key, shown once, so a new user can try everything. */
function printFirstKey(key: string, port: number): void {
  const rule = '─'.repeat(78);
  console.log(
    [
      rule,
      ' First start: an admin API key was made for you. It is shown only this once:',
      '',
      `   ${key}`,
      '',
      ' Send it as "Authorization: Bearer <key>". Keys for portals and operators:',
      '   npm run keys -- create --role operator --name 张三   (with the server stopped), or POST /v1/admin/keys',
      ` The operator page: http://localhost:${port}/review`,
      rule,
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ModelMissingError) console.error(`cannot start: ${err.message}`);
  else console.error('cannot start:', err);
  process.exit(1);
});
