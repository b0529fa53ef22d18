// A short Chinese explanation, built only from the components that produced the score: one phrase per component
// of src/domain/score-components.ts (the record below must name every one), in the table's order, and what the
// need's words were understood as when that concept is what this resource offers.
import { COMPONENT_KEYS, SCORE_COMPONENTS, type ComponentKey, type ScoreComponents } from '../domain/score-components.js';
import { CATEGORY_LABELS, INDUSTRY_LABELS, KIND_NOUNS, findPlace, type Category, type Industry } from '../domain/taxonomy.js';
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

/**
 * The same facts told to the resource's side (outreach: why this need is one it could serve). Components whose
 * phrase reads the same both ways (similarity, keywords, region, feedback) keep it.
 */
const OPPORTUNITY_PHRASES: Record<ComponentKey, (f: Facts) => string | undefined> = {
  ...PHRASES,
  category: ({ m, need, inference }) => {
    const cat = m.components.category > 0 ? matchedLabel<Category>(need.category, inference.categories, m.profile.categories) : undefined;
    if (!cat) return undefined;
    return `该需求${cat.inferred ? '推断' : ''}要${CATEGORY_LABELS[cat.code]}，本${KIND_NOUNS[m.profile.kind]}对口`;
  },
  industry: ({ m, need, inference }) => {
    if (m.components.industry <= 0) return undefined;
    const ind = matchedLabel<Industry>(need.industry, inference.industries, m.profile.industries);
    if (ind) return `该需求${ind.inferred ? '推断' : ''}属${INDUSTRY_LABELS[ind.code]}产业，正是本${KIND_NOUNS[m.profile.kind]}服务的行业`;
    return m.profile.industries.length === 0 ? `本${KIND_NOUNS[m.profile.kind]}跨行业通用` : undefined;
  },
  voucher: ({ m }) => (m.components.voucher > 0 ? `该企业想用创新券，本${KIND_NOUNS[m.profile.kind]}可用` : undefined),
  availability: ({ m }) => (m.components.availability < 0 ? `本${KIND_NOUNS[m.profile.kind]}近期档期较紧` : undefined),
};

/** The first concept the words were understood as whose service categories this resource offers. */
function understoodAs({ m, inference }: Facts, prefix = ''): string | undefined {
  const u = inference.understood.find((c) => c.categories.some((cat) => m.profile.categories.includes(cat)));
  return u ? `${prefix}理解为：${u.label}` : undefined;
}

export function explain(m: Explainable, need: NeedQuery, inference: NeedInference, twin?: Placed<unknown>['twin']): string {
  const facts = { m, need, inference };
  const [semantic, ...rest] = COMPONENT_KEYS.map((k) => PHRASES[k](facts));
  const behind = twin && (twin.why === 'provider' ? `与「${twin.name}」同一提供方，排在其他结果之后` : `与「${twin.name}」是同一项服务，排在其他结果之后`);
  return [semantic, understoodAs(facts), ...rest, behind].filter((p): p is string => p !== undefined).join('；');
}

/** Why a need is an opportunity for this resource: the need's own score of it, in the resource's words. */
export function explainOpportunity(m: Explainable, need: NeedQuery, inference: NeedInference): string {
  const facts = { m, need, inference };
  // What the need asks for leads: it is what an operator reaching out says first.
  const rest = COMPONENT_KEYS.filter((k) => k !== 'category').map((k) => OPPORTUNITY_PHRASES[k](facts));
  return [OPPORTUNITY_PHRASES.category(facts), understoodAs(facts, '需求'), ...rest].filter((p): p is string => p !== undefined).join('；');
}
