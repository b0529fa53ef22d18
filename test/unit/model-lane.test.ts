// The model's lane, with a model whose calls finish when the test says: what goes together into one call, and in
// which order.
import { describe, expect, it } from 'vitest';
import { ModelLane } from '../../src/embedding/model-lane.js';

function controlledModel() {
  const calls: Array<{ texts: string[]; finish: () => void; fail: (err: Error) => void }> = [];
  const call = (texts: string[]) =>
    new Promise<Float32Array[]>((resolve, reject) => {
      calls.push({ texts, finish: () => resolve(texts.map((t) => Float32Array.of(t.length))), fail: reject });
    });
  return { calls, call };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('ModelLane', () => {
  it('runs a lone query at once, in a call of its own', async () => {
    const model = controlledModel();
    const lane = new ModelLane(model.call);
    const vector = lane.query('盐雾');
    expect(model.calls.map((c) => c.texts)).toEqual([['盐雾']]);
    model.calls[0]!.finish();
    expect(await vector).toEqual(Float32Array.of(2));
  });

  it('sends queries that arrive while the model is busy together, at most a batch per call, each its own vector', async () => {
    const model = controlledModel();
    const lane = new ModelLane(model.call, 4);
    const first = lane.query('a');
    const waiting = ['bb', 'ccc', 'dddd', 'eeeee', 'ffffff'].map((t) => lane.query(t));
    expect(model.calls).toHaveLength(1);
    model.calls[0]!.finish();
    await first;
    await tick();
    expect(model.calls.map((c) => c.texts)).toEqual([['a'], ['bb', 'ccc', 'dddd', 'eeeee']]);
    model.calls[1]!.finish();
    await tick();
    expect(model.calls[2]!.texts).toEqual(['ffffff']);
    model.calls[2]!.finish();
    expect((await Promise.all(waiting)).map((v) => v[0])).toEqual([2, 3, 4, 5, 6]);
  });

  it('starts the next call before the callers of the finished one resume, so the model never waits for them', async () => {
    const model = controlledModel();
    const lane = new ModelLane(model.call);
    const first = lane.query('a');
    void lane.query('b');
    let callsWhenFirstResumed = 0;
    const resumed = first.then(() => (callsWhenFirstResumed = model.calls.length));
    model.calls[0]!.finish();
    await resumed;
    expect(callsWhenFirstResumed).toBe(2);
    model.calls[1]!.finish();
  });

  it('puts waiting queries before the next chunk of passages', async () => {
    const model = controlledModel();
    const lane = new ModelLane(model.call);
    const chunks = [lane.chunk(['p1', 'p2']), lane.chunk(['p3'])];
    const query = lane.query('q');
    expect(model.calls.map((c) => c.texts)).toEqual([['p1', 'p2']]);
    model.calls[0]!.finish();
    await tick();
    expect(model.calls.map((c) => c.texts)).toEqual([['p1', 'p2'], ['q']]);
    model.calls[1]!.finish();
    await tick();
    expect(model.calls[2]!.texts).toEqual(['p3']);
    model.calls[2]!.finish();
    expect(await query).toEqual(Float32Array.of(1));
    expect((await Promise.all(chunks)).map((vs) => vs.length)).toEqual([2, 1]);
  });

  it('fails only the requests of a failed call, and goes on with the next', async () => {
    const model = controlledModel();
    const lane = new ModelLane(model.call);
    const first = lane.query('a');
    const second = [lane.query('b'), lane.query('c')];
    const later = lane.chunk(['p']);
    model.calls[0]!.finish();
    await first;
    await tick();
    model.calls[1]!.fail(new Error('model down'));
    for (const p of second) await expect(p).rejects.toThrow('model down');
    await tick();
    model.calls[2]!.finish();
    expect(await later).toHaveLength(1);
  });
});
