// Concurrent queries through the real model. With QUERY_BATCH 1 (the default) each query's vector is exactly the
// one it gets alone, however many others are waiting; with batching on they share calls, and sharing shows: the
// int8 model quantises a call's activations together, so the vectors move a little (which is why it is off).
import { describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../../src/embedding/embedder.js';

const texts = ['羊毛衫洗了缩水', '黄酒发酸怎么办', '模具钢热处理后变形严重，需要失效分析', '盐雾试验', '专利质押贷款', 'SEM'];
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('query batching', () => {
  it('keeps each query’s own vector by default, and shares calls when batching is on', async () => {
    const alone = await createLocalEmbedder();
    const own: Float32Array[] = [];
    for (const t of texts) own.push(await alone.embedQuery(t));
    // The first query occupies the model; the others wait for it together.
    const concurrent = await Promise.all(['预热', ...texts].map((t) => alone.embedQuery(t)));
    expect(concurrent.slice(1)).toEqual(own);

    const batching = await createLocalEmbedder({ queryBatch: 16 });
    const shared = (await Promise.all(['预热', ...texts].map((t) => batching.embedQuery(t)))).slice(1);
    const similarity = shared.map((v, i) => cosine(v, own[i]!));
    expect(Math.min(...similarity)).toBeGreaterThan(0.97);
    expect(shared.some((v, i) => !v.every((x, j) => x === own[i]![j]))).toBe(true);
    // Alone again, batching or not, a query gets its own vector.
    expect(await batching.embedQuery(texts[0]!)).toEqual(own[0]);
  });
});
