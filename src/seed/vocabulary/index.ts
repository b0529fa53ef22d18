// The whole vocabulary in one place, so generators can look up by industry, category or key.
import type { Industry } from '../../domain/taxonomy.js';
import { BUSINESS_CATEGORIES } from './business-commerce.js';
import { certification, ipFinance, ipProtection, patent, policy, standards } from './business-ip.js';
import type { BusinessCategory } from './business-types.js';
import { chemical } from './chemical.js';
import { electronics } from './electronics.js';
import { equipmentIndustry } from './equipment.js';
import { huangjiu } from './huangjiu.js';
import { medicine } from './medicine.js';
import { metal } from './metal.js';
import { materials } from './materials.js';
import { pearl } from './pearl.js';
import { textile } from './textile.js';
import { EXTRA_BUSINESS_NEEDS, EXTRA_TECH_NEEDS } from './extra-needs.js';
import type { IndustryVocab, NeedPhrase } from './types.js';

export * from './types.js';
export * from './business-types.js';
export { INNOVATION_COMPLEXES, INSTITUTION_TRADE, TECHNICAL_INSTITUTIONS } from './technical-institutions.js';

/** Adds the extra owner phrasings to a table without changing the table module's own objects. */
function withExtraNeeds(v: IndustryVocab): IndustryVocab {
  const add = <T extends { key: string; needs: NeedPhrase[] }>(x: T): T => ({ ...x, needs: [...x.needs, ...(EXTRA_TECH_NEEDS[x.key] ?? [])] });
  return { ...v, topics: v.topics.map(add), tests: v.tests.map(add), certs: v.certs.map(add) };
}

export const INDUSTRY_VOCAB: Record<Industry, IndustryVocab> = {
  textile: withExtraNeeds(textile),
  chemical: withExtraNeeds(chemical),
  metal: withExtraNeeds(metal),
  huangjiu: withExtraNeeds(huangjiu),
  pearl: withExtraNeeds(pearl),
  equipment: withExtraNeeds(equipmentIndustry),
  medicine: withExtraNeeds(medicine),
  materials: withExtraNeeds(materials),
  electronics: withExtraNeeds(electronics),
};

/** Non-technical categories, each with its institutions, offerings, experts and owner phrasing. */
export const BUSINESS: BusinessCategory[] = [patent, policy, ipFinance, ipProtection, certification, standards, ...BUSINESS_CATEGORIES].map(
  (b) => ({ ...b, needs: [...b.needs, ...(EXTRA_BUSINESS_NEEDS[b.category] ?? [])] }),
);
