// The API through HTTP against the real PostgreSQL server, in a database of this run's own.
import { afterAll, beforeAll, describe } from 'vitest';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { apiContract } from './api.contract.js';

describe('API on PostgreSQL', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('api-pg');
  beforeAll(async () => {
    pg = await freshPostgres('api');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
  });
  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });
  apiContract(() => server);
});
