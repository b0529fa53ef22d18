// Service institutions (kind `institution`): the business institution types, testing centres and research
// institutes per industry, and the innovation service complexes. Each draft remembers what it offers so the
// service generator can turn every offering into a `service` resource with details.provider.
import type { ResourceInput } from '../../domain/inputs.js';
import { findPlace, INDUSTRIES, INDUSTRY_LABELS, type Category, type Industry } from '../../domain/taxonomy.js';
import { BANKS, BRANDS } from '../names.js';
import { GENERAL_DISTRICT_WEIGHTS, placePrefix, placeShort } from '../places.js';
import type { Rng } from '../random.js';
import { fill, fitSentences, listZh, type Slots } from '../text.js';
import {
  BUSINESS,
  INDUSTRY_VOCAB,
  INNOVATION_COMPLEXES,
  INSTITUTION_TRADE,
  TECHNICAL_INSTITUTIONS,
  type InstitutionType,
  type Offering,
} from '../vocabulary/index.js';
import { drawAvailability, industryWords, maybeContact, NameRegistry, shortInstitutionName, uniq } from './common.js';

export interface InstitutionDraft {
  name: string;
  short: string;
  region: string;
  /** Industries the institution says it focuses on (empty: serves all). */
  focus: Industry[];
  offerings: Offering[];
  label: string;
  /** The institution type key (patent-agency, testing-center, innovation-complex...). */
  typeKey: string;
  resource: Extract<ResourceInput, { kind: 'institution' }>;
}

const VOUCHER_CLAIM = /可接受科技创新券|可按规定使用创新券|创新券服务机构|创新券抵扣/;

/** Counts how often each offering has been given out, so rarer ones are preferred and all end up provided. */
type Usage = Map<string, number>;

interface Spec {
  key: string;
  label: string;
  names: string[];
  qualifications: string[];
  intros: string[];
  capacity: readonly [number, number];
  voucher: number;
  outside: number;
  outsideRegions: string[];
  mainCategory: Category;
}

function chooseRegion(rng: Rng, spec: Spec, focus: readonly Industry[]): string {
  if (spec.outsideRegions.length > 0 && rng.chance(spec.outside)) return rng.pick(spec.outsideRegions);
  if (focus.length > 0 && rng.chance(0.75)) return rng.weighted(INDUSTRY_VOCAB[focus[0]!].districts);
  return rng.weighted(GENERAL_DISTRICT_WEIGHTS);
}

function pickOfferings(rng: Rng, pool: readonly Offering[], focus: readonly Industry[], count: number, usage: Usage): Offering[] {
  const eligible = pool.filter((o) => (o.industries ? o.industries.some((i) => focus.includes(i)) : true));
  const byUse = (a: Offering, b: Offering) => (usage.get(a.key) ?? 0) - (usage.get(b.key) ?? 0);
  const ordered = rng.shuffle(eligible).sort(byUse);
  const chosen: Offering[] = [];
  // A specialised institution leads with something specific to its industry when it has one.
  const specific = ordered.find((o) => o.industries);
  if (focus.length > 0 && specific) chosen.push(specific);
  for (const o of ordered) {
    if (chosen.length >= count) break;
    if (!chosen.includes(o)) chosen.push(o);
  }
  for (const o of chosen) usage.set(o.key, (usage.get(o.key) ?? 0) + 1);
  return chosen;
}

function numberSlots(rng: Rng, region: string, focus: readonly Industry[]): Slots {
  return {
    years: String(rng.int(3, 25)),
    staff: String(rng.int(6, 60)),
    clients: String(rng.pick([30, 50, 80, 120, 200, 300, 500, 800])),
    scale: String(rng.int(2, 20)),
    area: String(rng.int(8, 60) * 100),
    params: String(rng.pick([80, 120, 200, 350, 500, 800])),
    days: String(rng.int(3, 7)),
    place: placeShort(region),
    industry: focus.length > 0 ? industryWords(focus) : '制造业',
    industryName: focus.length > 0 ? INDUSTRY_LABELS[focus[0]!] : '制造业',
  };
}

function describe(rng: Rng, spec: Spec, slots: Slots, offerings: readonly Offering[], focus: readonly Industry[], qualifications: readonly string[], voucher: boolean): string {
  const intro = fill(rng.pick(spec.intros), rng, slots);
  const required = [intro, `主要服务：${listZh(offerings.map((o) => o.name), '、')}。`];
  const focusWords = industryWords(focus);
  if (focus.length > 0 && !focus.every((i) => intro.includes(INDUSTRY_LABELS[i]))) required.push(`重点服务${focusWords}企业。`);
  const optional = [
    qualifications.length > 0 ? `资质：${qualifications.join('、')}。` : '',
    voucher ? '已列入科技创新券服务机构名录，企业可用创新券抵扣部分费用。' : '',
    fill('{欢迎来电预约。|可预约上门服务。|工作日均可到窗口咨询。}', rng),
  ].filter(Boolean);
  return fitSentences(required, optional, 60, 250);
}

/** Entries marked "text@key1,key2" apply only to institutions providing one of those offerings. */
function applicable(entries: readonly string[], offerings: readonly Offering[]): string[] {
  const keys = new Set(offerings.map((o) => o.key));
  return entries.flatMap((entry) => {
    const [text, marker] = entry.split('@') as [string, string | undefined];
    return !marker || marker.split(',').some((k) => keys.has(k)) ? [text] : [];
  });
}

/** "浙江…" names are for Zhejiang firms and "绍兴…" names for Shaoxing ones; a Suzhou firm is neither. */
function namePatterns(patterns: readonly string[], region: string): string[] {
  const place = findPlace(region);
  const fitting = patterns.filter(
    (p) => !(p.startsWith('浙江') && place?.province !== '浙江') && !(p.startsWith('绍兴') && place?.city !== '绍兴'),
  );
  return fitting.length > 0 ? fitting : patterns.filter((p) => p.includes('{place}'));
}

function buildDraft(
  rng: Rng,
  names: NameRegistry,
  spec: Spec,
  focus: Industry[],
  region: string,
  offerings: Offering[],
  nameOverride?: string,
): InstitutionDraft {
  let name: string | null = nameOverride ? names.claim(nameOverride) : null;
  for (let attempt = 0; !name && attempt < 40; attempt++) {
    const slots: Slots = {
      place: placePrefix(region, (xs) => rng.pick(xs)),
      area: placeShort(region),
      brand: rng.pick(BRANDS),
      bank: rng.pick(BANKS),
      trade: focus.length > 0 ? INSTITUTION_TRADE[focus[0]!] : ['综合'],
      industryName: focus.length > 0 ? INDUSTRY_LABELS[focus[0]!] : '制造业',
    };
    // "绍兴银行绍兴越城科技支行" -> "绍兴银行越城科技支行": local banks already carry the city in their name.
    const candidate = fill(rng.pick(namePatterns(applicable(spec.names, offerings), region)), rng, slots).replace(/(绍兴[^绍]*银行)绍兴/, '$1');
    name = names.claim(candidate);
  }
  if (!name) throw new Error(`could not find a free name for ${spec.key}`);
  const allowedQualifications = applicable(spec.qualifications, offerings);
  const qualifications = rng.sample(allowedQualifications, rng.int(1, Math.min(3, allowedQualifications.length)));
  let voucher = rng.chance(spec.voucher);
  const slots = numberSlots(rng, region, focus);
  const industries = uniq([...focus, ...offerings.flatMap((o) => (o.industries && o.industries.length === 1 ? o.industries : []))]);
  const categories = uniq<Category>([spec.mainCategory, ...offerings.flatMap((o) => o.categories)]);
  const description = describe(rng, spec, slots, offerings, industries, qualifications, voucher);
  // Some intros and qualifications say vouchers are accepted; the flag must then agree with the text.
  if (VOUCHER_CLAIM.test(description) || qualifications.some((q) => VOUCHER_CLAIM.test(q))) voucher = true;
  const resource: InstitutionDraft['resource'] = {
    kind: 'institution',
    name,
    description,
    industries,
    categories,
    region,
    voucherEligible: voucher,
    capacityPerMonth: rng.int(spec.capacity[0], spec.capacity[1]),
    availability: drawAvailability(rng),
    details: { qualifications, institutionType: spec.label },
  };
  const contact = maybeContact(rng, region, 0.6);
  if (contact) resource.contact = contact;
  return { name, short: shortInstitutionName(name), region, focus: industries, offerings, label: spec.label, typeKey: spec.key, resource };
}

function businessSpec(type: InstitutionType): Spec {
  return { ...type, mainCategory: type.categories[0]! };
}

/** Round-robin over candidate industries so specialised institutions spread over all of them. */
function focusCycle(rng: Rng, candidates: readonly Industry[]): () => Industry[] {
  const order = rng.shuffle(candidates);
  let i = 0;
  return () => {
    const first = order[i++ % order.length]!;
    const focus = [first];
    if (rng.chance(0.25)) {
      const second = rng.pick(candidates.length > 1 ? candidates : INDUSTRIES);
      if (second !== first) focus.push(second);
    }
    return focus;
  };
}

export function generateInstitutions(rng: Rng, names: NameRegistry, catalog: Map<string, Offering>): InstitutionDraft[] {
  const drafts: InstitutionDraft[] = [];
  const usage: Usage = new Map();
  const resolve = (keys: readonly string[]) =>
    keys.map((k) => {
      const o = catalog.get(k);
      if (!o) throw new Error(`unknown offering ${k}`);
      return o;
    });

  for (const business of BUSINESS) {
    for (const type of business.institutions) {
      if (type.key === 'innovation-complex') continue; // generated from the explicit list below
      const spec = businessSpec(type);
      const pool = resolve(type.offerings);
      const specificIndustries = uniq(pool.flatMap((o) => o.industries ?? []));
      const candidates = type.focus ?? (specificIndustries.length > 0 ? specificIndustries : [...INDUSTRIES]);
      const nextFocus = focusCycle(rng, type.key === 'industry-association' ? [...INDUSTRIES] : candidates);
      for (let n = 0; n < type.count; n++) {
        const focus = rng.chance(type.specialize) ? nextFocus() : [];
        const region =
          type.key === 'industry-association' ? INDUSTRY_VOCAB[focus[0]!].districts[0]![0] : chooseRegion(rng, spec, focus);
        const generic = pool.filter((o) => !o.industries).length;
        const count = Math.max(1, Math.min(pool.length, rng.int(2, 3), focus.length > 0 ? 3 : generic));
        drafts.push(buildDraft(rng, names, spec, focus, region, pickOfferings(rng, pool, focus, count, usage)));
      }
    }
  }

  for (const type of TECHNICAL_INSTITUTIONS) {
    const spec: Spec = {
      ...type,
      capacity: type.key === 'testing-center' ? [40, 200] : [10, 60],
      voucher: 0.75,
      outside: 0.2,
      outsideRegions: ['hangzhou', 'ningbo', 'shanghai', 'suzhou'],
      mainCategory: type.key === 'testing-center' ? 'testing' : 'rnd',
    };
    const nextFocus = focusCycle(rng, INDUSTRIES);
    for (let n = 0; n < type.count; n++) {
      const focus = nextFocus();
      const pool = focus.flatMap((i) =>
        type.key === 'testing-center'
          ? INDUSTRY_VOCAB[i].tests.map((t) => catalog.get(`test:${t.key}`)!)
          : INDUSTRY_VOCAB[i].topics.map((t) => catalog.get(`topic:${t.key}`)!),
      );
      const offerings = pickOfferings(rng, pool, focus, rng.int(2, 3), usage);
      drafts.push(buildDraft(rng, names, spec, focus, chooseRegion(rng, spec, focus), offerings));
    }
  }

  const complexType = BUSINESS.flatMap((b) => b.institutions).find((t) => t.key === 'innovation-complex')!;
  const complexSpec = businessSpec(complexType);
  for (const complex of INNOVATION_COMPLEXES) {
    const vocab = INDUSTRY_VOCAB[complex.industry];
    const tests = vocab.tests.map((t) => catalog.get(`test:${t.key}`)!);
    const topics = vocab.topics.map((t) => catalog.get(`topic:${t.key}`)!);
    const offerings = [
      ...pickOfferings(rng, tests, [complex.industry], 2, usage),
      ...pickOfferings(rng, topics, [complex.industry], rng.int(1, 2), usage),
      ...pickOfferings(rng, resolve(complexType.offerings), [complex.industry], 1, usage),
    ];
    drafts.push(buildDraft(rng, names, complexSpec, [complex.industry], complex.region, offerings, complex.name));
  }
  return drafts;
}
