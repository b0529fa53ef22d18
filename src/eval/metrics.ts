// Retrieval metrics at a cut-off, over graded judgements (score > 0 is relevant).

export type Judgements = Map<string, number>;

export function ndcgAt(ranked: readonly string[], judged: Judgements, k = 10): number {
  const gain = (rel: number) => 2 ** rel - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += gain(judged.get(id) ?? 0) / Math.log2(i + 2)));
  const ideal = [...judged.values()].filter((r) => r > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + gain(rel) / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(ranked: readonly string[], judged: Judgements, k = 10): number {
  const relevant = [...judged].filter(([, r]) => r > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mrrAt(ranked: readonly string[], judged: Judgements, k = 10): number {
  const i = ranked.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface Summary {
  'ndcg@10': number;
  'recall@10': number;
  'mrr@10': number;
}

export function summarise(runs: Array<{ ranked: string[]; judged: Judgements }>): Summary {
  const mean = (f: (r: { ranked: string[]; judged: Judgements }) => number) =>
    runs.length === 0 ? 0 : Math.round((runs.reduce((s, r) => s + f(r), 0) / runs.length) * 1e4) / 1e4;
  return {
    'ndcg@10': mean((r) => ndcgAt(r.ranked, r.judged)),
    'recall@10': mean((r) => recallAt(r.ranked, r.judged)),
    'mrr@10': mean((r) => mrrAt(r.ranked, r.judged)),
  };
}
