// The catalogue of everything an institution can offer: the business offerings as written, plus offerings
// derived from each industry's tests, certifications and R&D topics. Derived texts are composed from the
// concrete items, standards and methods in the tables, so a service reads like what it actually does.
import { INDUSTRY_LABELS, INDUSTRIES, type Category } from '../../domain/taxonomy.js';
import { listZh } from '../text.js';
import { BUSINESS, INDUSTRY_VOCAB, type CertOffer, type Offering, type TestOffer, type Topic } from '../vocabulary/index.js';

/** "功能性纺织品整理（阻燃、抗菌、防水透湿）" -> "功能性纺织品整理": brackets make service titles too long. */
export function shortField(field: string): string {
  return field.replace(/（[^）]*）/g, '').replace(/\s+/g, '');
}

function industryList(industries: readonly string[]): string {
  return listZh(industries.map((i) => INDUSTRY_LABELS[i as keyof typeof INDUSTRY_LABELS]), '、');
}

export function testOffering(test: TestOffer): Offering {
  const industries = [test.industry, ...(test.also ?? [])];
  const items = listZh(test.items.slice(0, 4));
  const allItems = test.items.join('、');
  const standards = test.standards.slice(0, 3).join('、');
  return {
    key: `test:${test.key}`,
    name: test.name,
    categories: ['testing', ...(test.extraCategories ?? [])],
    industries,
    prices: ['{150|200|300}元/项起', '{800|1200|1500|2000}元/样（常规全套）', '按检测项目计费，中小企业{九折|八五折}', '单项{100|180|260}元起，批量送检另议'],
    texts: [
      `依据${standards}等标准开展${items}等项目检测，{provider}出具{带 CMA 标识的|CMA、CNAS 双标识}检测报告，常规{3|5|7}个工作日完成，可加急。`,
      `可检项目：${allItems}。{provider}提供{上门取样|快递送样}，检测完成后由工程师解读结果，对不合格项给出原因分析和整改建议。`,
      `面向${industryList(industries)}企业开展${test.name}，方法标准覆盖${standards}，报告可用于{客户验货|出口通关|招投标|质量仲裁}。`,
    ],
    capacity: [30, 200],
    voucher: 0.65,
  };
}

export function certOffering(cert: CertOffer): Offering {
  return {
    key: cert.key,
    name: cert.name,
    categories: ['certification', ...(cert.extraCategories ?? [])],
    industries: cert.industries,
    prices: ['{1.5|2|3}万元起（不含认证费、检测费）', '按企业规模和产品单元报价', '咨询费{8000|12000}元起'],
    texts: [
      `${cert.scope}。{provider}顾问熟悉审核要点，提供差距分析、文件编制、送样协调和迎审辅导，{一般3-6个月可完成|周期视企业基础而定}。`,
      `针对首次申请的${industryList(cert.industries)}企业，先做预评估再给出时间表和费用清单。服务内容：${cert.scope}。`,
    ],
    capacity: [5, 40],
    voucher: 0.45,
  };
}

const TOPIC_SUFFIX: Partial<Record<Category, string[]>> = {
  rnd: ['技术诊断服务', '委托研发服务', '技术攻关服务', '技术咨询'],
  software: ['方案设计与实施'],
  certification: ['合规咨询与辅导'],
  policy: ['咨询与评估服务'],
  marketing: ['新品开发服务'],
};

export function topicOffering(topic: Topic): Offering {
  const categories = topic.categories ?? ['rnd'];
  const industries = [topic.industry, ...(topic.also ?? [])];
  const field = shortField(topic.field);
  const suffixes = TOPIC_SUFFIX[categories[0]!] ?? ['技术服务'];
  return {
    key: `topic:${topic.key}`,
    name: `${field}${suffixes[topic.key.length % suffixes.length]}`,
    categories,
    industries,
    prices: ['{2|3|5}万元/项起', '按项目评估报价', '技术诊断{3000|5000}元/次，攻关项目另议'],
    texts: [
      `围绕${topic.field}，为企业提供${listZh(topic.methods.slice(0, 2))}等技术服务，可针对${listZh(topic.problems.slice(0, 2), '、')}等问题开展现场诊断和工艺改进。`,
      `依托研究团队和中试条件承接委托研发和联合攻关，重点方向：${topic.methods.join('；')}。{成果归属可按合同约定|研发投入可计入企业研发费用加计扣除}。`,
      `已帮助{十|二十|三十}余家${industryList(industries)}企业解决${topic.problems[0]}等难题，服务方式包括技术咨询、驻厂指导和成果转让。`,
    ],
    capacity: [2, 12],
    voucher: 0.6,
  };
}

/** Every offering by key: business offerings, certification offers, and test:/topic: derived ones. */
export function buildCatalog(): Map<string, Offering> {
  const catalog = new Map<string, Offering>();
  const add = (o: Offering) => {
    if (catalog.has(o.key)) throw new Error(`duplicate offering key ${o.key}`);
    catalog.set(o.key, o);
  };
  for (const business of BUSINESS) business.offerings.forEach(add);
  for (const industry of INDUSTRIES) {
    const vocab = INDUSTRY_VOCAB[industry];
    vocab.certs.forEach((c) => add(certOffering(c)));
    vocab.tests.forEach((t) => add(testOffering(t)));
    vocab.topics.forEach((t) => add(topicOffering(t)));
  }
  return catalog;
}
