// Experts (kind `expert`). Technical experts come from the industry topics — professors, institute researchers,
// enterprise engineers and retired practitioners; business experts (patent attorneys, investors, auditors...)
// come from the business roles and work at the generated institutions.
import type { ResourceInput } from '../../domain/inputs.js';
import { INDUSTRIES, INDUSTRY_LABELS, type Category, type Industry } from '../../domain/taxonomy.js';
import { fittingEnterprises, type EnterpriseMeta } from '../enterprises.js';
import { personName } from '../names.js';
import { placeShort, SHAOXING_PLACES } from '../places.js';
import type { Rng } from '../random.js';
import { fill, fitSentences, listZh } from '../text.js';
import { BUSINESS, INDUSTRY_VOCAB, type Topic } from '../vocabulary/index.js';
import { drawAvailability, industryWords, maybeContact, NameRegistry, uniq } from './common.js';
import type { InstitutionDraft } from './institutions.js';
import { shortField } from './offerings.js';

type ExpertInput = Extract<ResourceInput, { kind: 'expert' }>;

const TITLES: Record<'university' | 'institute' | 'college' | 'enterprise' | 'retired', ReadonlyArray<readonly [string, number]>> = {
  university: [['教授', 5], ['副教授', 4], ['研究员', 1], ['副研究员', 1], ['讲师', 1]],
  institute: [['研究员', 3], ['副研究员', 2], ['高级工程师', 3], ['正高级工程师', 2]],
  college: [['教授', 1], ['副教授', 3], ['高级工程师', 2], ['高级实验师', 1]],
  enterprise: [['高级工程师', 5], ['正高级工程师', 2], ['技术总监', 2], ['总工程师', 1]],
  retired: [['高级工程师', 4], ['正高级工程师', 2], ['高级技师', 1]],
};

const ACADEMIC_FEATS = [
  '主持国家自然科学基金项目{2|3|4}项',
  '获浙江省科学技术进步奖{二|三}等奖',
  '授权发明专利{8|12|20|30}余件',
  '发表学术论文{30|50|80}余篇',
  '参与起草行业标准{2|3}项',
  '为省内{30|50|60}多家企业提供过技术服务',
  '入选浙江省高层次人才特殊支持计划',
  '担任绍兴市产业创新服务综合体特聘专家',
];
const PROJECTS = ['国家重点研发计划课题', '浙江省“尖兵”“领雁”研发攻关计划项目', '浙江省重点研发计划项目', '企业横向合作项目{10|20|30}余项', '绍兴市重大科技专项'];
const SERVICES = ['技术诊断、工艺优化和联合研发', '现场技术指导和工艺改进', '产学研合作和人才培养', '新产品开发和中试放大', '技术咨询和疑难问题会诊'];

interface Who {
  person: string;
  title: string;
  affiliation: string;
  region: string;
  kind: keyof typeof TITLES;
  formerRole?: string;
  years: number;
}

function uniquePerson(rng: Rng, people: Set<string>): string {
  for (let i = 0; i < 50; i++) {
    const p = personName(rng);
    if (!people.has(p)) {
      people.add(p);
      return p;
    }
  }
  throw new Error('ran out of person names');
}

function whoForTopic(rng: Rng, people: Set<string>, topic: Topic, enterprises: readonly EnterpriseMeta[]): Who {
  const vocab = INDUSTRY_VOCAB[topic.industry];
  const person = uniquePerson(rng, people);
  const locals = fittingEnterprises(enterprises, topic.industry, `${topic.field}${topic.methods.join('')}`);
  const kind = rng.weighted<'academic' | 'enterprise' | 'retired'>([['academic', 62], ['enterprise', locals.length > 0 ? 22 : 0], ['retired', 16]]);
  if (kind === 'academic') {
    const aff = rng.weighted(vocab.affiliations.map((a) => [a, SHAOXING_PLACES[a.region] ? 2 : 1] as const));
    return { person, title: rng.weighted(TITLES[aff.type]), affiliation: aff.name, region: aff.region, kind: aff.type, years: rng.int(8, 30) };
  }
  if (kind === 'enterprise') {
    const ent = rng.pick(locals);
    return { person, title: rng.weighted(TITLES.enterprise), affiliation: `${ent.name}技术中心`, region: ent.region, kind: 'enterprise', years: rng.int(10, 30) };
  }
  const formerRole = rng.pick(vocab.formerRoles);
  return {
    person,
    title: rng.weighted(TITLES.retired),
    affiliation: `独立技术顾问（原${formerRole}）`,
    region: rng.weighted(vocab.districts),
    kind: 'retired',
    formerRole,
    years: rng.int(20, 38),
  };
}

/** Sentences for a technical expert, in one of several shapes chosen by who the expert is. */
function technicalSentences(rng: Rng, who: Who, topic: Topic): { required: string[]; optional: string[] } {
  const [m1, m2] = rng.sample(topic.methods, 2);
  const [p1, p2] = rng.sample(topic.problems, 2);
  const feat = fill(rng.pick(ACADEMIC_FEATS), rng);
  const service = rng.pick(SERVICES);
  const std = topic.standards && rng.chance(0.6) ? `熟悉${topic.standards.join('、')}等标准。` : '';
  const district = placeShort(rng.weighted(INDUSTRY_VOCAB[topic.industry].districts));
  const { person, title, affiliation } = who;
  if (who.kind === 'retired') {
    return {
      required: [
        `${person}，${title}，在${INDUSTRY_LABELS[topic.industry]}行业一线工作${who.years}年，曾任${who.formerRole}。`,
        `专长：${m1}${m2 ? `；${m2}` : ''}。`,
      ],
      optional: [fill(`近年帮助${district}{十|二十|三十}余家企业解决${p1}等难题，{收费灵活|可长期驻厂指导|能到车间现场看问题}。`, rng), std],
    };
  }
  if (who.kind === 'enterprise') {
    return {
      required: [`${affiliation}${title}，负责${shortField(topic.field)}相关技术工作${who.years}年。`, `${m1}经验丰富，曾主导解决${p1}${p2 ? `、${p2}` : ''}等问题。`],
      optional: [std, '可在不影响本职的前提下为同行中小企业提供现场技术指导。'],
    };
  }
  const shape = rng.int(0, 2);
  if (shape === 0) {
    return {
      required: [`${person} ${title}，${affiliation}，长期从事${topic.field}${topic.field.endsWith('研究') ? '' : '研究'}。`, `在${m1}${m2 ? `、${m2}` : ''}方面积累较深，${feat}。`],
      optional: [`可为企业提供${service}。`, std],
    };
  }
  if (shape === 1) {
    return {
      required: [`${affiliation}${title}，研究方向为${topic.field}。`, `${feat}，擅长解决${p1}${p2 ? `、${p2}` : ''}等问题。`],
      optional: [std, `欢迎企业以${rng.pick(['技术咨询', '联合攻关', '委托开发'])}等方式合作。`],
    };
  }
  return {
    required: [
      fill(`${person}，${affiliation}${title}，${shortField(topic.field)}方向{硕士生导师|学科带头人|团队负责人}。`, rng),
      fill(`主持完成${rng.pick(PROJECTS)}，在${m1}方面形成成套技术。`, rng),
    ],
    optional: [`${feat}。`, `可为企业提供${service}。`],
  };
}

function makeTechnicalExpert(rng: Rng, names: NameRegistry, people: Set<string>, topic: Topic, enterprises: readonly EnterpriseMeta[]): ExpertInput {
  const who = whoForTopic(rng, people, topic, enterprises);
  const { required, optional } = technicalSentences(rng, who, topic);
  const industries: Industry[] = [topic.industry, ...(topic.also ?? [])];
  let categories: Category[] = [...(topic.categories ?? ['rnd'])];
  // Some experts also do testing or standards work; they say so, and only then is the category listed.
  if (rng.chance(0.2)) {
    categories.push('testing');
    required.push(fill('{可协助企业制定检测方案、解读检测报告。|可开展失效分析和质量问题溯源。}', rng));
  } else if (topic.standards && rng.chance(0.25)) {
    categories.push('standards');
    required.push('参与起草相关国家、行业标准，可指导企业标准制定。');
  }
  if (topic.also) required.push(`研究成果已在${industryWords(industries)}企业中应用。`);
  categories = uniq(categories);
  const fields = uniq([shortField(topic.field), ...rng.sample(topic.methods, 2)]).filter((f) => [...f].length <= 50);
  const expert: ExpertInput = {
    kind: 'expert',
    name: names.claim(`${who.person} ${who.title}`) ?? `${who.person}（${who.affiliation}）`,
    description: fitSentences(required, optional.filter(Boolean), 60, 250),
    industries,
    categories,
    region: who.region,
    voucherEligible: rng.chance(0.5),
    capacityPerMonth: rng.int(2, 8),
    availability: drawAvailability(rng),
    details: { title: who.title, affiliation: who.affiliation, fields },
  };
  const contact = maybeContact(rng, who.region, 0.3);
  if (contact) expert.contact = { phone: contact.phone };
  return expert;
}

function makeBusinessExperts(rng: Rng, names: NameRegistry, people: Set<string>, institutions: readonly InstitutionDraft[]): ExpertInput[] {
  const experts: ExpertInput[] = [];
  for (const business of BUSINESS) {
    for (const role of business.experts) {
      const employers = institutions.filter(
        (i) => role.employers.includes(i.typeKey) && (!role.requires || i.offerings.some((o) => role.requires!.includes(o.key))),
      );
      if (employers.length === 0) throw new Error(`no employer for ${role.key}`);
      for (let n = 0; n < role.count; n++) {
        const inst = employers[n % employers.length]!;
        const person = uniquePerson(rng, people);
        const fields = rng.sample(role.fields, rng.int(2, 3));
        const text = fill(rng.pick(role.texts), rng, {
          person,
          title: role.title,
          affiliation: inst.name,
          years: String(rng.int(6, 25)),
          fields: listZh(fields),
          feat: rng.pick(role.feats),
        });
        const industries = inst.focus.length > 0 && rng.chance(0.6) ? inst.focus.slice(0, 2) : [];
        const required = [text];
        if (industries.length > 0) required.push(`熟悉${industryWords(industries)}行业企业的特点。`);
        const optional = [fill('{可提供线上咨询和上门服务。|首次咨询免费。|可为综合体会员企业提供公益讲座。}', rng)];
        const expert: ExpertInput = {
          kind: 'expert',
          name: names.claim(`${person} ${role.title}`) ?? `${person}（${inst.name}）`,
          description: fitSentences(required, optional, 60, 250),
          industries,
          categories: [...role.categories],
          region: inst.region,
          voucherEligible: rng.chance(0.2),
          capacityPerMonth: rng.int(3, 10),
          availability: drawAvailability(rng),
          details: { title: role.title, affiliation: inst.name.slice(0, 100), fields },
        };
        const contact = maybeContact(rng, inst.region, 0.3);
        if (contact) expert.contact = contact;
        experts.push(expert);
      }
    }
  }
  return experts;
}

export function generateExperts(
  rng: Rng,
  names: NameRegistry,
  enterprises: readonly EnterpriseMeta[],
  institutions: readonly InstitutionDraft[],
  perTopic = 5,
): ExpertInput[] {
  const people = new Set<string>();
  const experts: ExpertInput[] = [];
  for (const industry of INDUSTRIES) {
    for (const topic of INDUSTRY_VOCAB[industry].topics) {
      for (let n = 0; n < perTopic; n++) experts.push(makeTechnicalExpert(rng, names, people, topic, enterprises));
    }
  }
  experts.push(...makeBusinessExperts(rng, names, people, institutions));
  return experts;
}
