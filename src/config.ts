// The environment, parsed once at start against a schema; a wrong setting stops the process with a clear message.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MODELS_DIR } from './embedding/model-files.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Where the embedding model's files are (the install step puts them there). */
  MODELS_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** Namespace of the queues and streams in Redis: deployments (and test runs) sharing a server stay apart. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 of a-z, 0-9, _ and -').default('sxm'),
  /** How long a worker holds a job before another may take it over (a killed worker's job is retried after this). */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** When the nightly batch runs (cron, five or six fields) in BATCH_TZ; "off" turns the schedule off. */
  BATCH_CRON: z
    .string()
    .regex(/^(off|(\S+\s+){4,5}\S+)$/, 'must be a cron pattern such as "0 2 * * *", or off')
    .default('0 2 * * *'),
  BATCH_TZ: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** Extra share of a resource's monthly capacity the batch may suggest it for (0.2 = 20% more). */
  BATCH_SLACK: z.coerce.number().min(0).max(5).default(0.2),
  /** Suggestions per open need. */
  BATCH_SUGGESTIONS: z.coerce.number().int().min(1).max(20).default(5),
  /** When the ranker is retrained from operators' decisions (cron in BATCH_TZ; Mondays 03:00); "off" turns it off. */
  RANKER_CRON: z
    .string()
    .regex(/^(off|(\S+\s+){4,5}\S+)$/, 'must be a cron pattern such as "0 3 * * 1", or off')
    .default('0 3 * * 1'),
  /** Reverse proxies in front of the API: their X-Forwarded-For names the client address that failed keys are limited by. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Queries embedded in one model call when they arrive while the model is busy. 1 keeps a query's vector its own:
   * the int8 model quantises a call's activations together, so a query embedded beside others gets a slightly
   * different vector (cosine ≈ 0.993 to its own) and the answer would depend on who else was asking.
   */
  QUERY_BATCH: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * Threads the model runs on (0: onnxruntime's choice, one per core). 1 leaves the other core of two to matching
   * while a query is embedded; the vectors are the same bit for bit whatever the number.
   */
  MODEL_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  /** When set, GET /metrics wants it as a bearer token; unset, /metrics is open like /healthz. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo corpus when the database holds no resources at start. */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
});

export interface Config {
  port: number;
  dataDir: string;
  modelsDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  jobLockMs: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  trustProxy: number;
  metricsToken: string | undefined;
  queryBatch: number;
  modelThreads: number;
  batch: { cron: string | null; tz: string; slack: number; want: number };
  ranker: { cron: string | null };
  seedDemo: 'auto' | 'never';
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // Workers and API processes must share one database; the embedded one belongs to a single process.
    throw new ConfigError('invalid configuration:\n  REDIS_URL: needs DATABASE_URL too (workers and API processes share one PostgreSQL)');
  }
  return {
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    modelsDir: modelsDirOf(env),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    jobLockMs: e.JOB_LOCK_MS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    queryBatch: e.QUERY_BATCH,
    modelThreads: e.MODEL_THREADS,
    batch: { cron: e.BATCH_CRON === 'off' ? null : e.BATCH_CRON, tz: e.BATCH_TZ, slack: e.BATCH_SLACK, want: e.BATCH_SUGGESTIONS },
    ranker: { cron: e.RANKER_CRON === 'off' ? null : e.RANKER_CRON },
    seedDemo: e.SEED_DEMO,
  };
}

/** MODELS_DIR alone, for the install step (which must not fail on the server's other settings). */
export function modelsDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.MODELS_DIR ? resolve(env.MODELS_DIR) : DEFAULT_MODELS_DIR;
}
