// npm run worker: a queue worker process (needs REDIS_URL and DATABASE_URL). Stops in order on SIGTERM/SIGINT.
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startWorker } from '../src/worker/process.js';
import { exitWith } from './cli.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const worker = await startWorker({ config, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    await worker.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => exitWith('worker', err));
