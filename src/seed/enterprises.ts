// 500 SMEs: names built the way Shaoxing companies are registered (区划前缀 + 字号 + 行业 + 组织形式), each with a
// valid 统一社会信用代码 whose division code matches its district.
import { makeCreditCode } from '../domain/credit-code.js';
import type { EnterpriseInput } from '../domain/inputs.js';
import type { Industry } from '../domain/taxonomy.js';
import { BRANDS, personName, phoneNumber } from './names.js';
import { SHAOXING_PLACES } from './places.js';
import type { Rng } from './random.js';
import { INDUSTRY_VOCAB } from './vocabulary/index.js';

/** What the rest of the generator needs to know about an enterprise beyond its input record. */
export interface EnterpriseMeta {
  index: number;
  name: string;
  industry: Industry;
  region: string;
  brand: string;
  trade: string;
}

// Roughly the weight of each cluster among Shaoxing's SMEs: textile dominates, the emerging four are growing.
const INDUSTRY_WEIGHTS: ReadonlyArray<readonly [Industry, number]> = [
  ['textile', 22], ['chemical', 10], ['metal', 12], ['huangjiu', 7], ['pearl', 6],
  ['equipment', 13], ['medicine', 10], ['materials', 10], ['electronics', 10],
];

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * The 9-character organisation part: newer registrations carry "MA" + a sequence from the registration system,
 * older ones the former 组织机构代码 (8 digits and a check character).
 */
function organisationBody(rng: Rng): string {
  if (rng.chance(0.6)) {
    let body = `MA${rng.pick(['2', '2', '3', '7'])}`;
    while (body.length < 9) body += CODE_CHARS[rng.int(0, CODE_CHARS.length - 1)];
    return body;
  }
  let body = rng.pick(['14', '70', '72', '74', '75', '77', '67', '55', '56']);
  while (body.length < 8) body += String(rng.int(0, 9));
  return body + rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
}

function companyName(rng: Rng, industry: Industry, region: string, brand: string, trade: string): string {
  const place = SHAOXING_PLACES[region]!;
  if (rng.chance(0.07)) return `浙江${brand}${trade}${rng.pick(['股份有限公司', '有限公司'])}`;
  let prefix = rng.pick(place.companyPrefixes);
  // County-level prefixes often carry the town: 诸暨市大唐…袜业, 嵊州市三界…电机.
  if (/[市县]$/.test(prefix) && prefix !== '绍兴市' && rng.chance(0.25)) prefix += rng.pick(place.towns);
  const small = ['袜业', '酿酒', '酒厂', '铸造', '五金', '弹簧', '标准件', '电器', '织造'].includes(trade);
  const form = rng.weighted<string>([
    ['有限公司', 86],
    ['股份有限公司', industry === 'huangjiu' || industry === 'pearl' ? 2 : 5],
    ['有限责任公司', 4],
    [trade === '酒厂' ? '' : '厂', small ? 6 : 0],
  ]);
  return `${prefix}${brand}${trade}${form}`;
}

export function generateEnterprises(rng: Rng, count = 500): { inputs: EnterpriseInput[]; meta: EnterpriseMeta[] } {
  const inputs: EnterpriseInput[] = [];
  const meta: EnterpriseMeta[] = [];
  const names = new Set<string>();
  const codes = new Set<string>();
  while (inputs.length < count) {
    const industry = rng.weighted(INDUSTRY_WEIGHTS);
    const vocab = INDUSTRY_VOCAB[industry];
    const region = rng.weighted(vocab.districts);
    const brand = rng.pick(BRANDS);
    const trade = rng.pick(vocab.trades);
    const name = companyName(rng, industry, region, brand, trade);
    if (names.has(name)) continue;
    let code: string;
    do code = makeCreditCode('91', SHAOXING_PLACES[region]!.division, organisationBody(rng));
    while (codes.has(code));
    names.add(name);
    codes.add(code);
    const index = inputs.length;
    const input: EnterpriseInput = {
      creditCode: code,
      name,
      region,
      industry,
      externalId: `seed-ent-${String(index + 1).padStart(4, '0')}`,
    };
    if (rng.chance(0.6)) input.contact = { person: personName(rng), phone: phoneNumber(rng) };
    inputs.push(input);
    meta.push({ index, name, industry, region, brand, trade });
  }
  return { inputs, meta };
}

// Characters too common to show that a trade fits a topic (材料科技 fits everything in materials).
const WEAK_CHARS = new Set([...'科技业品材料制造化学新高家专人工厂产生物服务']);

/**
 * Enterprises of an industry whose trade word fits a subject: a 磁业 firm runs the magnet lab, a 袜业 firm the
 * sock lab. Falls back to the whole industry when no trade word matches.
 */
export function fittingEnterprises(enterprises: readonly EnterpriseMeta[], industry: Industry, subject: string): EnterpriseMeta[] {
  const inIndustry = enterprises.filter((e) => e.industry === industry);
  const score = (e: EnterpriseMeta) => [...e.trade].filter((ch) => !WEAK_CHARS.has(ch) && subject.includes(ch)).length;
  const best = Math.max(0, ...inIndustry.map(score));
  return best > 0 ? inIndustry.filter((e) => score(e) === best) : inIndustry;
}
