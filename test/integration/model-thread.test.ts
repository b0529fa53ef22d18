// The model on its own thread gives exactly the vectors the same pipeline gives on the calling thread, leaves the
// event loop free while it works, and serves every embedder the process makes.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../../src/embedding/embedder.js';
import { DEFAULT_MODELS_DIR, readManifest } from '../../src/embedding/model-files.js';
import { normaliseText } from '../../src/embedding/normalise.js';

const texts = ['羊毛衫洗了缩水', '模具钢热处理后变形严重，需要失效分析，希望找到有经验的专家和检测机构', 'SEM'];

describe('the model thread', () => {
  it('embeds exactly as the pipeline does on the calling thread', async () => {
    const manifest = readManifest();
    const { env, pipeline } = await import('@xenova/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = `${DEFAULT_MODELS_DIR}/`;
    const extract = await pipeline('feature-extraction', manifest.id, { quantized: manifest.quantized });
    const here = async (t: string[]) => {
      const data = (await extract(t, { pooling: manifest.pooling, normalize: manifest.normalize })).data as Float32Array;
      return t.map((_, i) => data.slice(i * manifest.dimension, (i + 1) * manifest.dimension));
    };
    const embedder = await createLocalEmbedder();
    for (const t of texts) expect(await embedder.embedQuery(t)).toEqual((await here([normaliseText(t)]))[0]);
    const passages = await embedder.embedPassages(texts);
    // Passages go in length order, one call per 16: three short texts are one call.
    const sorted = texts.map(normaliseText).sort((a, b) => a.length - b.length);
    const together = await here(sorted);
    texts.forEach((t, i) => expect(passages[i]).toEqual(together[sorted.indexOf(normaliseText(t))]));
  });

  it('serves every embedder made in the process, at once or one after another (the runtime cannot be loaded twice)', async () => {
    const [a, b] = await Promise.all([createLocalEmbedder(), createLocalEmbedder()]);
    const [va, vb] = await Promise.all([a.embedQuery(texts[0]!), b.embedQuery(texts[0]!)]);
    expect(va).toEqual(vb);
    const later = await createLocalEmbedder();
    expect(await later.embedQuery(texts[0]!)).toEqual(va);
  });

  it('lets a process exit by itself once its embedding is done, or when it never embedded at all', () => {
    for (const [arg, printed] of [['once', '512'], ['idle', 'idle']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../helpers/embed-once.ts'), arg!], { encoding: 'utf8', timeout: 60_000 });
      expect(run.signal, `${arg}: still running after 60 s`).toBeNull();
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(printed);
    }
  });

  it('keeps the event loop turning while it embeds', async () => {
    const embedder = await createLocalEmbedder();
    await embedder.embedPassages(['预热']);
    const long = Array.from({ length: 16 }, (_, i) => `${'纺织品色牢度与缩水率检测，依据国家标准出具报告。'.repeat(12)}${i}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    await embedder.embedPassages(long);
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    // On the calling thread the timer could not fire until the call returned; here it fires throughout.
    expect(elapsed).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(elapsed / 10);
  });
});
