// A 10,000-line import on the embedded database, which has one connection: the file is checked as a whole before
// the transaction and written in bulk, so a bad last line is refused without holding the database, and other
// clients are answered while a good file is written. The bound is generous (it took 19 s when each line was
// written on its own); the figures come from running it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LINES = 10_000;

const enterpriseLine = (i: number, run: string) =>
  JSON.stringify({ type: 'enterprise', creditCode: makeCreditCode('91', '330602', `M${run}${String(i).padStart(7, '0')}`), name: `绍兴市越城区第${i}号制造有限公司`, region: 'yuecheng', industry: 'equipment', externalId: `bulk-${run}-${i}` });

describe('a large import on the embedded database', () => {
  let server: TestServer;
  const data = tempDataDir('import-large');

  beforeAll(async () => {
    server = await startTestServer({ dataDir: data.dir });
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });

  /** Sends the file and, while it is being handled, another client's read; how long that read waited. */
  const importWhileReading = async (file: string) => {
    const importing = server.call('POST', '/v1/import', file, { type: 'application/x-ndjson', as: 'portal' });
    await new Promise((r) => setTimeout(r, 50));
    const t = Date.now();
    const read = await server.call('GET', '/v1/enterprises?pageSize=1', undefined, { as: 'operator' });
    return { imported: await importing, read, readMs: Date.now() - t };
  };

  it('refuses a file whose last line is bad, naming it, storing nothing and keeping others waiting briefly', async () => {
    const lines = Array.from({ length: LINES - 1 }, (_, i) => enterpriseLine(i, 'A'));
    // Found only against the database: the enterprise it names does not exist.
    lines.push(JSON.stringify({ type: 'need', enterprise: 'no-such-enterprise', title: '最后一行的需求' }));
    const { imported, read, readMs } = await importWhileReading(lines.join('\n'));
    expect(imported.status).toBe(400);
    expect(imported.body.error.fields).toEqual([expect.objectContaining({ line: LINES, path: 'enterprise' })]);
    expect(read.status).toBe(200);
    expect(read.body.total).toBe(0);
    expect(readMs).toBeLessThan(5000);
  });

  it('writes a good file in bulk while other clients are answered', async () => {
    const file = Array.from({ length: LINES }, (_, i) => enterpriseLine(i, 'B')).join('\n');
    const { imported, read, readMs } = await importWhileReading(file);
    expect(imported.status).toBe(201);
    expect(imported.body.enterprises).toEqual({ created: LINES, updated: 0 });
    expect(read.status).toBe(200);
    expect(readMs).toBeLessThan(5000);
    expect((await server.call('GET', '/v1/enterprises?pageSize=1', undefined, { as: 'operator' })).body.total).toBe(LINES);
    // The same file again updates every record (a retried sync), in bulk too.
    const again = await server.call('POST', '/v1/import', file, { type: 'application/x-ndjson', as: 'portal' });
    expect(again.body.enterprises).toEqual({ created: 0, updated: LINES });
  });
});
