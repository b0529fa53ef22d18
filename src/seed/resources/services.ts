// Services (kind `service`): one offering of one institution. The name carries the provider's short name so two
// agencies offering 发明专利申请代理 remain distinguishable, and details.provider names the institution.
import type { ResourceInput } from '../../domain/inputs.js';
import { INDUSTRY_LABELS } from '../../domain/taxonomy.js';
import { placeShort } from '../places.js';
import type { Rng } from '../random.js';
import { fill, fitSentences } from '../text.js';
import { drawAvailability, industryWords, maybeContact, NameRegistry } from './common.js';
import type { InstitutionDraft } from './institutions.js';

type ServiceInput = Extract<ResourceInput, { kind: 'service' }>;

const CLOSINGS = [
  '{可在线提交需求，工作人员一个工作日内回复。|支持线上咨询和上门服务。|服务流程：需求沟通、报价签约、实施交付、回访。|绍兴市内企业可预约上门对接。}',
  '{首次合作企业可先免费咨询评估。|服务过程中指定专人对接。|可根据企业情况定制服务方案。}',
  '{价格透明，按合同约定标准交付。|服务团队均为专职人员。|可开具增值税专用发票。}',
];

const PROVIDER_LINES = [
  '{provider}在{place}设有服务团队，已为{三十|五十|八十|一百多}家企业提供此项服务。',
  '由{provider}{五|八|十二|二十}人专业团队负责，一般{两|三|五}个工作日内给出初步方案。',
  '{provider}近三年累计完成同类项目{四十|六十|一百|两百}余个。',
  '项目由{provider}资深顾问牵头，全程一对一跟进。',
  '{provider}可先到企业现场了解情况，再确定服务方案和费用。',
];

export function generateServices(rng: Rng, names: NameRegistry, institutions: readonly InstitutionDraft[]): ServiceInput[] {
  const services: ServiceInput[] = [];
  for (const inst of institutions) {
    for (const offering of inst.offerings) {
      const name = names.claim(`${offering.name}（${inst.short}）`, `${offering.name}（${inst.short}·${placeShort(inst.region)}）`, `${offering.name}（${inst.name}）`);
      if (!name) continue; // the same institution cannot list an offering twice
      // An institution that focuses on some industries says so for its generic offerings too.
      const industries = offering.industries ?? inst.focus;
      const required = [fill(rng.pick(offering.texts), rng, { provider: inst.name })];
      if (!offering.industries && inst.focus.length > 0) required.push(`${inst.short}长期服务${industryWords(inst.focus)}企业，熟悉行业工艺和质量要求。`);
      // Industry-specific offerings name their industries, unless the text already does.
      if (offering.industries && !offering.industries.every((i) => required[0]!.includes(INDUSTRY_LABELS[i]))) {
        required.push(`适用于${industryWords(offering.industries)}企业。`);
      }
      // A sentence about this provider, so two agencies offering the same thing do not read alike.
      if (rng.chance(0.7)) required.push(fill(rng.pick(PROVIDER_LINES), rng, { provider: inst.short, place: placeShort(inst.region) }));
      const voucher = rng.chance(offering.voucher);
      const optional = rng.shuffle(CLOSINGS).map((c) => fill(c, rng));
      if (voucher) optional.unshift('可使用科技创新券抵扣部分费用。');
      const service: ServiceInput = {
        kind: 'service',
        name,
        description: fitSentences(required, optional, 60, 250),
        industries: [...industries],
        categories: [...offering.categories],
        region: inst.region,
        voucherEligible: voucher,
        capacityPerMonth: rng.int(offering.capacity[0], offering.capacity[1]),
        availability: inst.resource.availability === 'unavailable' ? 'unavailable' : drawAvailability(rng),
        details: { provider: inst.name, price: fill(rng.pick(offering.prices), rng) },
      };
      const contact = maybeContact(rng, inst.region, 0.4);
      if (contact) service.contact = contact;
      services.push(service);
    }
  }
  return services;
}
