// A short Chinese explanation, built only from the components that produced the score: one phrase per component
// of src/domain/score-components.ts (the record below must name every one), in the table's order, and what the
// need's words were understood as when that concept is what this resource offers.
import { COMPONENT_KEYS, SCORE_COMPONENTS, type ComponentKey, type ScoreComponents } from '../domain/score-components.js';
import { CATEGORY_LABELS, INDUSTRY_LABELS, findPlace, type Category, type Industry } from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';
import type { Placed } from './diversify.js';
import { closeness } from './region.js';
import type { NeedInference, NeedQuery } from './types.js';

interface Explainable {
  profile: ResourceProfile;
  components: ScoreComponents;
  matchedWords: string[];
}

interface Facts {
  m: Explainable;
  need: NeedQuery;
  inference: NeedInference;
}

function matchedLabel<T extends string>(given: T | undefined, guesses: NeedInference['industries' | 'categories'], labels: readonly T[]): { code: T; inferred: boolean } | undefined {
  if (given) return labels.includes(given) ? { code: given, inferred: false } : undefined;
  const g = guesses.find((x) => labels.includes(x.code as T));
  return g ? { code: g.code as T, inferred: true } : undefined;
}

const SEMANTIC_LABEL = SCORE_COMPONENTS.find((c) => c.key === 'semantic')!.label;

/** What each component says, when it says anything. */
const PHRASES: Record<ComponentKey, (f: Facts) => string | undefined> = {
  semantic: ({ m }) => `${SEMANTIC_LABEL} ${m.components.semantic.toFixed(2)}`,
  lexical: ({ m }) => (m.matchedWords.length > 0 ? `关键词命中：${m.matchedWords.slice(0, 3).join('、')}` : undefined),
  category: ({ m, need, inference }) => {
    const cat = m.components.category > 0 ? matchedLabel<Category>(need.category, inference.categories, m.profile.categories) : undefined;
    if (!cat) return undefined;
    return cat.inferred ? `推断需要${CATEGORY_LABELS[cat.code]}，服务对口` : `服务类别对口（${CATEGORY_LABELS[cat.code]}）`;
  },
  industry: ({ m, need, inference }) => {
    if (m.components.industry <= 0) return undefined;
    const ind = matchedLabel<Industry>(need.industry, inference.industries, m.profile.industries);
    if (ind) return ind.inferred ? `推断属${INDUSTRY_LABELS[ind.code]}产业，行业对口` : `同属${INDUSTRY_LABELS[ind.code]}产业`;
    return m.profile.industries.length === 0 ? '跨行业通用服务' : undefined;
  },
  region: ({ m, need }) => {
    const place = m.profile.region ? findPlace(m.profile.region) : undefined;
    if (!place) return undefined;
    const near = closeness(need.region, m.profile.region);
    if (near === 'district') return `同在${place.label}`;
    if (near === 'city') return `同在${place.city}市（${place.label}）`;
    if (near === 'province') return `同在${place.province}省（${place.label}）`;
    return undefined;
  },
  voucher: ({ m }) => (m.components.voucher > 0 ? '可用创新券' : undefined),
  availability: ({ m }) => (m.components.availability < 0 ? '近期档期较紧' : undefined),
  feedback: ({ m }) => (m.components.feedback >= 0.2 ? '同行业配对多获运营通过' : m.components.feedback <= -0.2 ? '同行业配对多被运营驳回' : undefined),
};

/** The first concept the words were understood as whose service categories this resource offers. */
function understoodAs({ m, inference }: Facts): string | undefined {
  const u = inference.understood.find((c) => c.categories.some((cat) => m.profile.categories.includes(cat)));
  return u ? `理解为：${u.label}` : undefined;
}

export function explain(m: Explainable, need: NeedQuery, inference: NeedInference, twin?: Placed<unknown>['twin']): string {
  const facts = { m, need, inference };
  const [semantic, ...rest] = COMPONENT_KEYS.map((k) => PHRASES[k](facts));
  const behind = twin && (twin.why === 'provider' ? `与「${twin.name}」同一提供方，排在其他结果之后` : `与「${twin.name}」是同一项服务，排在其他结果之后`);
  return [semantic, understoodAs(facts), ...rest, behind].filter((p): p is string => p !== undefined).join('；');
}
