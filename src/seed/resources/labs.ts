// Shared labs (kind `lab`) and the instruments in them (kind `equipment`). The action plan asks leading firms
// to build 共享实验室 and universities to open their instruments, so labs belong to enterprises, universities,
// joint ventures of the two, or public platforms; each instrument unit belongs to one lab or testing centre.
import type { ResourceInput } from '../../domain/inputs.js';
import { findPlace, type Industry } from '../../domain/taxonomy.js';
import { fittingEnterprises, type EnterpriseMeta } from '../enterprises.js';
import { placeShort, SHAOXING_PLACES } from '../places.js';
import type { Rng } from '../random.js';
import { fill, fitSentences, listZh } from '../text.js';
import { INDUSTRY_VOCAB, type Affiliation, type Instrument, type LabDomain } from '../vocabulary/index.js';
import { drawAvailability, industryWords, maybeContact, NameRegistry, roundPrice, uniq } from './common.js';
import type { InstitutionDraft } from './institutions.js';

type LabInput = Extract<ResourceInput, { kind: 'lab' }>;
type EquipmentInput = Extract<ResourceInput, { kind: 'equipment' }>;
type Accreditation = NonNullable<LabInput['details']['accreditation']>[number];

interface LabDraft {
  name: string;
  owner: string;
  region: string;
  domain: LabDomain;
  accreditation: Accreditation[];
  instruments: Instrument[];
  voucher: boolean;
}

/** "浙江理工大学纺织科学与工程学院" -> "浙江理工大学": lab names use the university, not the school. */
export function institutionHead(affiliation: string): string {
  const m = /^(.*?(大学|学院|研究院|研究所|研究中心|检验集团))/.exec(affiliation);
  return m ? m[1]! : affiliation;
}

function instrumentsOf(industry: Industry, keys: readonly string[]): Instrument[] {
  const all = INDUSTRY_VOCAB[industry].instruments;
  return keys.map((k) => {
    const found = all.find((i) => i.key === k);
    if (!found) throw new Error(`lab domain of ${industry} names unknown instrument ${k}`);
    return found;
  });
}

/** Who funds a public platform when no complex or testing centre runs it: the district government. */
function publicBody(rng: Rng, region: string): string {
  if (region === 'binhai') return rng.pick(['绍兴滨海新区管理委员会', '绍兴滨海新区科技创新局']);
  const label = findPlace(region)?.label ?? '绍兴市';
  return `${label}${rng.pick(['科学技术局', '经济和信息化局', '人民政府'])}`;
}

const isTestingDomain = (d: LabDomain) => d.categories[0] === 'testing';

function labSuffixes(d: LabDomain, owner: 'enterprise' | 'university' | 'public' | 'joint'): string[] {
  const testing = isTestingDomain(d);
  // "纺织品检测" must not become "纺织品检测检测中心".
  if (testing && /检测|检验/.test(d.name)) {
    if (owner === 'joint') return ['联合实验室'];
    return owner === 'university' ? ['实验室', '中心', '公共服务平台'] : ['共享实验室', '中心', '公共服务平台'];
  }
  switch (owner) {
    case 'enterprise':
      return testing ? ['共享实验室', '检测中心', '企业共享检测实验室'] : ['共享实验室', '企业研究院', '研发中心', '中试基地'];
    case 'university':
      return testing ? ['测试中心', '检测实验室', '分析测试平台'] : ['重点实验室', '工程研究中心', '实验室', '研究所'];
    case 'public':
      return testing ? ['共享实验室', '公共检测平台', '公共实验室'] : ['共享实验室', '公共技术服务平台', '中试公共平台'];
    case 'joint':
      return ['联合实验室', '联合研发中心'];
  }
}

function pickAffiliation(rng: Rng, industry: Industry): Affiliation {
  // Local universities and institutes open their labs to Shaoxing SMEs more often than distant ones.
  const affs = INDUSTRY_VOCAB[industry].affiliations;
  return rng.weighted(affs.map((a) => [a, SHAOXING_PLACES[a.region] ? 3 : 1] as const));
}

function makeLabDraft(
  rng: Rng,
  names: NameRegistry,
  domain: LabDomain,
  enterprises: readonly EnterpriseMeta[],
  institutions: readonly InstitutionDraft[],
): LabDraft {
  const vocab = INDUSTRY_VOCAB[domain.industry];
  const topicText = vocab.topics.filter((t) => domain.topics.includes(t.key)).map((t) => t.field).join('');
  const locals = fittingEnterprises(enterprises, domain.industry, domain.name + topicText);
  const publicOwners = institutions.filter((i) => i.focus.includes(domain.industry) && (i.label === '产业创新服务综合体' || i.label === '检验检测机构'));
  for (let attempt = 0; attempt < 30; attempt++) {
    const kind = rng.weighted<'enterprise' | 'university' | 'public' | 'joint'>([
      ['enterprise', locals.length > 0 ? 35 : 0],
      ['university', 30],
      ['public', 25],
      ['joint', locals.length > 0 ? 10 : 0],
    ]);
    const suffix = rng.pick(labSuffixes(domain, kind));
    let name: string;
    let owner: string;
    let region: string;
    if (kind === 'enterprise') {
      const ent = rng.pick(locals);
      name = `${ent.brand}${domain.name}${suffix}`;
      owner = ent.name;
      region = ent.region;
    } else if (kind === 'university') {
      const aff = pickAffiliation(rng, domain.industry);
      name = `${institutionHead(aff.name)}${domain.name}${suffix}`;
      owner = aff.name;
      region = aff.region;
    } else if (kind === 'public') {
      const inst = publicOwners.length > 0 && rng.chance(0.7) ? rng.pick(publicOwners) : undefined;
      region = inst?.region ?? rng.weighted(vocab.districts);
      name = `${placeShort(region)}${domain.name}${suffix}`;
      owner = inst?.name ?? publicBody(rng, region);
    } else {
      const ent = rng.pick(locals);
      const aff = pickAffiliation(rng, domain.industry);
      name = `${institutionHead(aff.name)}—${ent.brand}${domain.name}${suffix}`;
      owner = ent.name;
      region = ent.region;
    }
    if (!names.claim(name)) continue;
    const testing = domain.categories.includes('testing');
    let accreditation: Accreditation[] = [];
    if (testing && rng.chance(0.8)) accreditation = rng.pick<Accreditation[]>([['CMA'], ['CMA', 'CNAS'], ['CMA', 'CNAS'], ['CNAS']]);
    if (domain.name === '医疗器械检验' && rng.chance(0.3)) accreditation.push('GLP');
    const pool = instrumentsOf(domain.industry, domain.instruments);
    const instruments = rng.sample(pool, Math.min(pool.length, rng.int(1, 3)));
    return { name, owner, region, domain, accreditation, instruments, voucher: rng.chance(0.55) };
  }
  throw new Error(`could not name a lab for ${domain.name}`);
}

function describeLab(rng: Rng, lab: LabDraft, area: number): string {
  const vocab = INDUSTRY_VOCAB[lab.domain.industry];
  const tests = vocab.tests.filter((t) => lab.domain.tests.includes(t.key));
  const topics = vocab.topics.filter((t) => lab.domain.topics.includes(t.key));
  const acc = lab.accreditation.length > 0 ? `，已通过${lab.accreditation.join('、')}${lab.accreditation.includes('CMA') ? '资质认定' : '认可'}` : '';
  const owner = fill(`${lab.owner}{建设|牵头建设|投资建设}的${lab.domain.name}平台，面积约${area}平方米${acc}。`, rng);
  const kit = lab.instruments.length > 0 ? `配备${listZh(lab.instruments.map((i) => i.name.replace(/（[^）]*）/g, '')), '、')}等仪器设备。` : '';
  const capabilities: string[] = [];
  if (tests.length > 0) {
    const t = rng.sample(tests, 2);
    const standards = uniq(t.flatMap((x) => x.standards.slice(0, 2))).slice(0, 3);
    capabilities.push(`可开展${listZh(t.map((x) => x.name))}，依据${standards.join('、')}等标准出具报告。`);
  }
  if (topics.length > 0) {
    const t = rng.pick(topics);
    capabilities.push(fill(`研究方向包括${listZh(topics.slice(0, 2).map((x) => x.field))}，{可承接|可为企业提供}${t.methods[0]}等{委托研发|技术服务}。`, rng));
  }
  const industries = [lab.domain.industry, ...(lab.domain.also ?? [])];
  if (lab.domain.also) capabilities.push(`服务${industryWords(industries)}等行业企业。`);
  const open = fill(`{面向中小企业开放共享|对外开放预约|对园区和周边企业开放}${lab.voucher ? '，{支持创新券抵扣|可使用科技创新券}' : ''}。`, rng);
  // Two shapes, so lab texts do not all open the same way.
  return rng.chance(0.5)
    ? fitSentences([owner, ...capabilities], [kit, open], 60, 250)
    : fitSentences([...capabilities, owner], [open, kit], 60, 250);
}

function makeEquipment(
  rng: Rng,
  names: NameRegistry,
  inst: Instrument,
  ownerName: string,
  placeName: string,
  region: string,
  industries: readonly Industry[],
  accreditation: readonly Accreditation[],
  voucher: boolean,
): EquipmentInput {
  const [maker, model] = rng.pick(inst.models);
  const name =
    names.claim(`${inst.name} ${maker} ${model}`, `${inst.name} ${maker} ${model}（${placeName}）`, `${inst.name}（${placeName}）`) ??
    `${inst.name} ${maker} ${model}（${ownerName}）`;
  // Only list industries whose use the description states.
  const usable = (Object.keys(inst.uses) as Industry[]).filter((i) => industries.includes(i));
  const chosen = usable.length > 0 ? usable.slice(0, 2) : [Object.keys(inst.uses)[0] as Industry];
  const extra = (Object.keys(inst.uses) as Industry[]).filter((i) => !chosen.includes(i));
  if (extra.length > 0 && rng.chance(0.35)) chosen.push(rng.pick(extra));
  const uses = chosen.map((i) => inst.uses[i]!);
  const price = roundPrice(rng.int(inst.price[0], inst.price[1]));
  const acc = inst.accredited ? accreditation.filter((a) => a === 'CMA' || a === 'CNAS') : [];
  const usesText = uses.length > 1 ? `主要用于${uses[0]}；也可用于${listZh(uses.slice(1), '，以及')}。` : `主要用于${uses[0]}。`;
  const booking = fill(`{需提前2个工作日预约|可由平台技术人员代测|自主上机需经培训考核|支持送样测试和自主上机两种方式}，机时费${price}元/小时${voucher ? '，{可用创新券抵扣|支持创新券支付}' : ''}。`, rng);
  const accText = acc.length > 0 ? `测试结果可出具${acc.join('、')}标识报告。` : '';
  const opening = rng.chance(0.5)
    ? `${placeName}{对外开放|共享}的${inst.name}，型号${maker} ${model}。`
    : `${maker} ${model}，{20${rng.int(15, 24)}年购置|20${rng.int(15, 24)}年投入使用}，放置于${placeName}。`;
  const description = fitSentences([fill(opening, rng), usesText], [accText, booking], 60, 250);
  const equipment: EquipmentInput = {
    kind: 'equipment',
    name,
    description,
    industries: chosen,
    categories: [...inst.categories],
    region,
    voucherEligible: voucher,
    capacityPerMonth: rng.int(inst.capacity[0], inst.capacity[1]),
    availability: drawAvailability(rng),
    details: { model, maker, hourlyPrice: price, owner: ownerName.slice(0, 100) },
  };
  if (acc.length > 0) equipment.details.accreditation = acc;
  const contact = maybeContact(rng, region, 0.5);
  if (contact) equipment.contact = contact;
  return equipment;
}

export function generateLabsAndEquipment(
  rng: Rng,
  names: NameRegistry,
  enterprises: readonly EnterpriseMeta[],
  institutions: readonly InstitutionDraft[],
  labCount = 200,
): { labs: LabInput[]; equipment: EquipmentInput[] } {
  const domains = Object.values(INDUSTRY_VOCAB).flatMap((v) => v.labDomains);
  const labs: LabInput[] = [];
  const equipment: EquipmentInput[] = [];
  let order = rng.shuffle(domains);
  for (let n = 0; n < labCount; n++) {
    if (n % domains.length === 0 && n > 0) order = rng.shuffle(domains);
    const domain = order[n % domains.length]!;
    const draft = makeLabDraft(rng, names, domain, enterprises, institutions);
    const area = rng.int(15, 250) * 10;
    const lab: LabInput = {
      kind: 'lab',
      name: draft.name,
      description: describeLab(rng, draft, area),
      industries: [domain.industry, ...(domain.also ?? [])],
      categories: [...domain.categories],
      region: draft.region,
      voucherEligible: draft.voucher,
      capacityPerMonth: rng.int(2, 15) * 10,
      availability: drawAvailability(rng),
      details: { owner: draft.owner.slice(0, 100), areaSqm: area },
    };
    if (draft.accreditation.length > 0) lab.details.accreditation = draft.accreditation;
    const contact = maybeContact(rng, draft.region, 0.6);
    if (contact) lab.contact = contact;
    labs.push(lab);
    for (const inst of draft.instruments) {
      equipment.push(makeEquipment(rng, names, inst, draft.owner, draft.name, draft.region, lab.industries, draft.accreditation, draft.voucher ? rng.chance(0.8) : rng.chance(0.3)));
    }
  }
  // Testing centres own instruments too: one accredited unit each, from their own industry.
  for (const inst of institutions.filter((i) => i.label === '检验检测机构')) {
    const industry = inst.focus[0]!;
    const pool = INDUSTRY_VOCAB[industry].instruments.filter((i) => i.accredited && i.uses[industry]);
    equipment.push(makeEquipment(rng, names, rng.pick(pool), inst.name, inst.short, inst.region, [industry], rng.pick<Accreditation[]>([['CMA'], ['CMA', 'CNAS']]), rng.chance(0.6)));
  }
  return { labs, equipment };
}
