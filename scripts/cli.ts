// Shared start-up for the command-line scripts: the same configuration and engine as the server.
import { ConfigError, loadConfig } from '../src/config.js';
import { ModelMissingError } from '../src/embedding/embedder.js';
import { createEngine, type Engine } from '../src/engine.js';
import { AppError } from '../src/errors.js';
import { createLogger } from '../src/log.js';
import { consoleProgress } from '../src/progress.js';

export const progress = consoleProgress();

export async function withEngine<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const engine = await createEngine({ config, log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), onProgress: progress });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** Prints an error the way a person at a terminal wants it and exits non-zero. */
export function exitWith(name: string, err: unknown): never {
  if (err instanceof AppError) {
    console.error(`[${name}] ${err.message}`);
    for (const f of err.fields) console.error(`  ${f.line !== undefined ? `line ${f.line}: ` : ''}${f.path}: ${f.message}`);
  } else if (err instanceof ConfigError || err instanceof ModelMissingError || err instanceof Error) {
    console.error(`[${name}] ${err.message}`);
  } else console.error(`[${name}]`, err);
  process.exit(1);
}
