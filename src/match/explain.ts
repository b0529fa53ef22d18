// A short Chinese explanation, built only from the components that produced the score.
import { CATEGORY_LABELS, INDUSTRY_LABELS, findPlace, type Category, type Industry } from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';
import { closeness } from './region.js';
import type { NeedInference, NeedQuery, ScoreComponents } from './types.js';

interface Explainable {
  profile: ResourceProfile;
  components: ScoreComponents;
  matchedWords: string[];
}

function matchedLabel<T extends string>(given: T | undefined, guesses: NeedInference['industries' | 'categories'], labels: readonly T[]): { code: T; inferred: boolean } | undefined {
  if (given) return labels.includes(given) ? { code: given, inferred: false } : undefined;
  const g = guesses.find((x) => labels.includes(x.code as T));
  return g ? { code: g.code as T, inferred: true } : undefined;
}

export function explain(m: Explainable, need: NeedQuery, inference: NeedInference): string {
  const c = m.components;
  const p = m.profile;
  const parts = [`语义相近 ${c.semantic.toFixed(2)}`];
  if (m.matchedWords.length > 0) parts.push(`关键词命中：${m.matchedWords.slice(0, 3).join('、')}`);

  const cat = c.category > 0 ? matchedLabel<Category>(need.category, inference.categories, p.categories) : undefined;
  if (cat) parts.push(cat.inferred ? `推断需要${CATEGORY_LABELS[cat.code]}，服务对口` : `服务类别对口（${CATEGORY_LABELS[cat.code]}）`);

  const ind = c.industry > 0 ? matchedLabel<Industry>(need.industry, inference.industries, p.industries) : undefined;
  if (ind) parts.push(ind.inferred ? `推断属${INDUSTRY_LABELS[ind.code]}产业，行业对口` : `同属${INDUSTRY_LABELS[ind.code]}产业`);
  else if (c.industry > 0 && p.industries.length === 0) parts.push('跨行业通用服务');

  const near = closeness(need.region, p.region);
  const place = p.region ? findPlace(p.region) : undefined;
  if (place && near === 'district') parts.push(`同在${place.label}`);
  else if (place && near === 'city') parts.push(`同在${place.city}市（${place.label}）`);
  else if (place && near === 'province') parts.push(`同在${place.province}省（${place.label}）`);

  if (c.voucher > 0) parts.push('可用创新券');
  if (c.availability < 0) parts.push('近期档期较紧');
  if (c.feedback >= 0.2) parts.push('同行业配对多获运营通过');
  else if (c.feedback <= -0.2) parts.push('同行业配对多被运营驳回');
  return parts.join('；');
}
