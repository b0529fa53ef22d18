// The API through HTTP on the zero-setup default: embedded PostgreSQL (PGlite) under a DATA_DIR.
import { afterAll, beforeAll, describe } from 'vitest';
import { tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { apiContract } from './api.contract.js';

describe('API on the embedded database', () => {
  let server: TestServer;
  const data = tempDataDir('api-embedded');
  beforeAll(async () => {
    server = await startTestServer({ dataDir: data.dir });
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });
  apiContract(() => server);
});
