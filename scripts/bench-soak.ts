// npm run bench:soak [-- --minutes 10 --connections 8]: a mixed load on one API process (as `npm start` runs it,
// on the embedded database in a fresh DATA_DIR, with the small test registry): ad-hoc matches, matches of stored
// needs, list reads, registrations and updates. Prints the requests by kind of answer, errors, latency, and the
// server's RSS at the start, each minute and at the end. It stops the server when done.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startApi } from './lib/api-process.js';
import { rssMiB } from './lib/bench.js';

const root = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } } });
  const minutes = Number(values.minutes);
  const connections = Number(values.connections);
  if (!(minutes > 0) || !(connections >= 1)) throw new Error('usage: npm run bench:soak -- [--minutes N] [--connections N]');

  const dataDir = mkdtempSync(join(tmpdir(), 'sxm-soak-'));
  const api = await startApi({ dataDir, env: { SEED_DEMO: 'never' } });
  const server = api.child;
  try {
    const base = api.base;
    const output = api.output();
    const admin = /sxm_admin_[A-Za-z0-9_-]+/.exec(output)?.[0];
    if (!admin) throw new Error('the server printed no admin key');
    const registry = readFileSync(join(root, 'test/fixtures/small-registry.ndjson'), 'utf8');
    // A key of its own with a rate no load here reaches: the soak measures the server, not its rate limit.
    const created = await fetch(`${base}/v1/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', name: 'soak', ratePerMinute: 100_000 }) });
    const auth = { authorization: `Bearer ${((await created.json()) as { key: string }).key}` };
    await fetch(`${base}/v1/import`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: registry });
    const first = async (list: string) => ((await (await fetch(`${base}/v1/${list}?pageSize=1`, { headers: auth })).json()).items[0].id as number);
    const [needId, resourceId] = [await first('needs'), await first('resources')];

    const rss: Array<[string, number]> = [['start', rssMiB(server.pid!)]];
    console.log(`[soak] ${minutes} min, ${connections} connections; server RSS at start ${rss[0]![1].toFixed(0)} MiB`);
    let n = 0;
    const json = { 'content-type': 'application/json' };
    const texts = ['羊毛衫洗后缩水变形', '电机外壳生锈想做盐雾试验', '黄酒发酵后浑浊', '想申请专利保护外观设计', '跨境电商店铺运营'];
    const options: autocannon.Options = {
      url: base,
      connections,
      duration: minutes * 60,
      headers: auth,
      requests: [
        { method: 'POST', path: '/v1/match', headers: json, setupRequest: (r) => ({ ...r, body: JSON.stringify({ text: texts[n++ % texts.length], limit: 10 }) }) },
        { method: 'POST', path: '/v1/match', headers: json, body: JSON.stringify({ needId, limit: 5 }) },
        { method: 'GET', path: `/v1/resources?pageSize=20&q=${encodeURIComponent('检测')}` },
        {
          method: 'POST',
          path: '/v1/resources',
          headers: json,
          // Registrations with external ids of a bounded set: new ones at first, then retried syncs (updates).
          setupRequest: (r) => ({ ...r, body: JSON.stringify({ kind: 'expert', name: `专家${n % 2000}`, description: `金属腐蚀与防护、盐雾试验，第${n++}次登记`, industries: ['metal'], categories: ['testing'], externalId: `soak-${n % 2000}` }) }),
        },
        { method: 'PATCH', path: `/v1/resources/${resourceId}`, headers: json, setupRequest: (r) => ({ ...r, body: JSON.stringify({ capacityPerMonth: n++ % 50 }) }) },
        { method: 'GET', path: `/v1/needs/${needId}/matches` },
      ],
    };
    const sampler = setInterval(() => {
      const mib = rssMiB(server.pid!);
      rss.push([`${rss.length} min`, mib]);
      console.log(`[soak] ${rss.length - 1} min: RSS ${mib.toFixed(0)} MiB`);
    }, 60_000);
    const result = await new Promise<autocannon.Result>((ok, fail) => autocannon(options, (err, r) => (err ? fail(err) : ok(r))));
    clearInterval(sampler);
    rss.push(['end', rssMiB(server.pid!)]);

    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${(s as { count: number }).count}`).join(', ');
    console.log('');
    console.log(`requests        ${result.requests.total} (${result.requests.average.toFixed(0)}/s)   by status ${statuses}`);
    console.log(`errors          ${result.errors} (timeouts ${result.timeouts}), non-2xx ${result.non2xx}`);
    console.log(`latency         p50 ${result.latency.p50} ms   p97.5 ${result.latency.p97_5} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms`);
    console.log(`RSS             start ${rss[0]![1].toFixed(0)} MiB   end ${rss.at(-1)![1].toFixed(0)} MiB   max ${Math.max(...rss.map(([, m]) => m)).toFixed(0)} MiB`);
    if (result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
