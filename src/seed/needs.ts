// 800 needs in the words an owner would use. Each need starts from the same tables the resources are built
// from (an industry topic, test or certification, or a business category), so some provider in the corpus can
// serve it; but the text is the owner's phrasing — symptoms and goals — not the provider's terms.
import type { NeedInput } from '../domain/inputs.js';
import type { Category, Industry, NeedStatus } from '../domain/taxonomy.js';
import { fittingEnterprises, type EnterpriseMeta } from './enterprises.js';
import { placeShort } from './places.js';
import type { Rng } from './random.js';
import { fillPair } from './text.js';
import { BUSINESS, INDUSTRY_VOCAB, type BusinessCategory, type NeedPhrase } from './vocabulary/index.js';

export type SeedNeed = Omit<NeedInput, 'enterpriseId'> & { enterpriseIndex: number };

// How often owners ask for each business category relative to each other.
const BUSINESS_WEIGHTS: Partial<Record<Category, number>> = {
  patent: 10, policy: 10, ip_finance: 4, ip_protection: 6, certification: 6, standards: 5, incubation: 4,
  finance: 8, talent: 7, training: 6, software: 9, ecommerce: 7, logistics: 4, marketing: 7,
};

// Budgets owners state, in yuan, by category. Finance needs state no budget: the money is what they seek.
const BUDGETS: Partial<Record<Category, number[]>> = {
  testing: [500, 800, 1000, 2000, 3000, 5000, 8000, 10000],
  certification: [10000, 20000, 30000, 50000],
  rnd: [20000, 50000, 100000, 150000, 200000, 300000, 500000],
  patent: [3000, 5000, 8000, 10000, 20000],
  policy: [5000, 10000, 20000, 30000],
  standards: [5000, 10000, 30000, 50000],
  software: [30000, 50000, 100000, 200000, 500000],
  ecommerce: [20000, 50000, 100000],
  marketing: [10000, 30000, 50000, 100000],
  training: [5000, 10000, 20000, 50000],
  talent: [10000, 30000, 50000],
  logistics: [10000, 30000, 50000],
  ip_protection: [5000, 10000, 20000, 50000],
  incubation: [20000, 50000, 100000],
};

// Vouchers pay for testing, R&D and IP work, not for loans or freight; owners who know that ask accordingly.
const VOUCHER_PROBABILITY: Partial<Record<Category, number>> = {
  testing: 0.55, rnd: 0.5, certification: 0.45, standards: 0.4, patent: 0.4, policy: 0.25, software: 0.25,
  training: 0.15, marketing: 0.1, talent: 0.05, incubation: 0.1, ip_protection: 0.15,
};

const TAILS = [
  '有没有人能帮忙？', '求推荐靠谱的。', '价格合适可以长期合作。', '越快越好。', '可以先电话沟通。', '最好是绍兴本地的。',
  '预算有限，希望性价比高一点。', '之前找过一家，效果不理想。', '可以到厂里来看现场。', '老板比较着急。', '有同行经验的优先。',
  '能开发票就行。', '不知道这个该找谁，先发上来问问。', '厂里没有专门的技术人员。', '下个月客户要来验厂。',
];

interface Drawn {
  phrase: NeedPhrase;
  category: Category;
  industry: Industry;
}

function drawTechnical(rng: Rng, industry: Industry): Drawn {
  const vocab = INDUSTRY_VOCAB[industry];
  const source = rng.weighted<'topic' | 'test' | 'cert'>([['topic', 60], ['test', 28], ['cert', 12]]);
  if (source === 'topic') {
    const topic = rng.pick(vocab.topics);
    const phrase = rng.pick(topic.needs);
    return { phrase, category: phrase.category ?? topic.categories?.[0] ?? 'rnd', industry };
  }
  if (source === 'test') {
    const test = rng.pick(vocab.tests);
    const phrase = rng.pick(test.needs);
    return { phrase, category: phrase.category ?? 'testing', industry };
  }
  const cert = rng.pick(vocab.certs);
  const phrase = rng.pick(cert.needs);
  return { phrase, category: phrase.category ?? 'certification', industry };
}

function drawBusiness(rng: Rng, industry: Industry): Drawn {
  const fits = (n: NeedPhrase) => !n.industries || n.industries.includes(industry);
  // A chemical plant does not ask for live-stream selling: only categories with a fitting phrase are drawn.
  const candidates = BUSINESS.filter((b) => b.needs.some(fits));
  const business: BusinessCategory = rng.weighted(candidates.map((b) => [b, BUSINESS_WEIGHTS[b.category] ?? 1] as const));
  const phrase = rng.pick(business.needs.filter(fits));
  return { phrase, category: phrase.category ?? business.category, industry };
}

/**
 * Portal titles are typed by people: some start with 求助/请教, some end with a plea. This also keeps 800
 * titles from repeating the ~300 hand-written ones verbatim.
 */
function decorateTitle(rng: Rng, title: string, category: Category): string {
  const prefix = rng.weighted<string>([
    ['', 60], ['求助：', 8], ['请教：', 6], ['咨询：', 6], ['急！', 3], ['【求推荐】', 3],
    ['寻合作：', category === 'rnd' ? 6 : 0], ['找检测：', category === 'testing' ? 6 : 0],
  ]);
  const asks = /[？?！]$/.test(title);
  const suffix = rng.weighted<string>([['', 70], ['，求推荐', asks ? 0 : 8], ['，有偿', asks ? 0 : 5], ['，在线等', asks ? 0 : 3], ['？', asks ? 0 : 6], ['，谁能帮忙', asks ? 0 : 4]]);
  return prefix + title + suffix;
}

/** Products an enterprise plausibly makes: a 印花 firm talks about 印花面料, a 袜业 firm about 棉袜. */
function productsFor(ent: EnterpriseMeta): string[] {
  const products = INDUSTRY_VOCAB[ent.industry].products;
  const fitting = products.filter((p) => [...ent.trade].some((ch) => p.includes(ch) && !'业品科技材料'.includes(ch)));
  return fitting.length > 0 ? fitting : products;
}

function deadline(rng: Rng): string {
  const month = rng.int(1, 12);
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return `2027-${String(month).padStart(2, '0')}-${String(rng.int(1, days)).padStart(2, '0')}`;
}

export function generateNeeds(rng: Rng, enterprises: readonly EnterpriseMeta[], count = 800): SeedNeed[] {
  const needs: SeedNeed[] = [];
  const seen = new Set<string>();
  while (needs.length < count) {
    // Industries weighted as the enterprises are; then, for a technical problem, an enterprise whose trade fits
    // it (sock problems come from 袜业 firms when there are any).
    const industry = rng.pick(enterprises).industry;
    let ent: EnterpriseMeta = rng.pick(enterprises.filter((e) => e.industry === industry));
    let drawn: Drawn | undefined;
    let title = '';
    let description = '';
    for (let attempt = 0; attempt < 12; attempt++) {
      const technical = rng.chance(0.58);
      drawn = technical ? drawTechnical(rng, industry) : drawBusiness(rng, industry);
      if (technical) ent = rng.pick(fittingEnterprises(enterprises, industry, drawn.phrase.title + drawn.phrase.text));
      // One product per need, so the title and the text talk about the same thing.
      const slots = { product: rng.pick(productsFor(ent)), district: placeShort(ent.region) };
      const [rawTitle, text] = fillPair(drawn.phrase.title, drawn.phrase.text, rng, slots);
      title = decorateTitle(rng, rawTitle, drawn.category);
      description = text;
      if (rng.chance(0.45)) description += rng.pick(TAILS);
      if (!seen.has(description)) break;
    }
    if (!drawn || seen.has(description)) continue;
    seen.add(description);
    const index = needs.length;
    const wantsVoucher = rng.chance(VOUCHER_PROBABILITY[drawn.category] ?? 0.03);
    if (wantsVoucher && rng.chance(0.3)) description += '希望能用创新券。';
    const need: SeedNeed = {
      enterpriseIndex: ent.index,
      title,
      description,
      wantsVoucher,
      status: rng.weighted<NeedStatus>([['open', 80], ['matched', 12], ['closed', 8]]),
      externalId: `seed-need-${String(index + 1).padStart(4, '0')}`,
    };
    // Half the needs come pre-classified (a portal form with drop-downs); the rest are bare text.
    if (rng.chance(0.5)) {
      need.category = drawn.category;
      need.industry = drawn.industry;
    }
    if (rng.chance(0.85)) need.region = ent.region;
    const budgets = BUDGETS[drawn.category];
    if (budgets && rng.chance(0.4)) need.budget = rng.pick(budgets);
    if (rng.chance(0.35)) need.deadline = deadline(rng);
    needs.push(need);
  }
  return needs;
}
