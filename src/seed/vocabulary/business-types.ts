// Shapes for the cross-industry service categories (patent, finance, software, logistics...): the kinds of
// institutions that provide them, what each offers, which experts work there and how owners ask for them.
import type { Category, Industry } from '../../domain/taxonomy.js';
import type { NeedPhrase } from './types.js';

/** One offering of an institution, becoming a `service` resource. */
export interface Offering {
  key: string;
  name: string;
  categories: Category[];
  /** Set when the offering is specific to industries; its texts then name those industries. */
  industries?: Industry[];
  /** Price wording options ("4500元/件起"). */
  prices: string[];
  /** Description templates. Slots: {provider}. */
  texts: string[];
  capacity: readonly [number, number];
  /** Probability that the offering can be paid with 创新券. */
  voucher: number;
}

/** A kind of institution, becoming `institution` resources. */
export interface InstitutionType {
  key: string;
  /** details.institutionType */
  label: string;
  categories: Category[];
  /**
   * Name patterns. Slots: {place} (绍兴柯桥, 诸暨, 杭州), {brand}, {area} (柯桥, 诸暨), {bank}.
   * A pattern or qualification ending in "@key1,key2" is only used by an institution that provides one of those
   * offerings — a 国际货运代理 must actually do freight forwarding.
   */
  names: string[];
  qualifications: string[];
  /** Description templates. Slots: {years}, {staff}, {clients}, {scale}, {area}, {place}. */
  intros: string[];
  /** Keys of offerings (business or industry-specific) it may provide. */
  offerings: string[];
  /** Probability that it names one or two focus industries. */
  specialize: number;
  /** Candidate focus industries (default: all). */
  focus?: Industry[];
  capacity: readonly [number, number];
  voucher: number;
  count: number;
  /** Probability of being located outside Shaoxing, and where. */
  outside: number;
  outsideRegions: string[];
}

/** A non-technical expert role: patent attorney, investment manager... */
export interface ExpertRole {
  key: string;
  title: string;
  categories: Category[];
  /** Institution type keys whose generated institutions employ this role. */
  employers: string[];
  /** If set, the employer must provide one of these offerings (an industrial designer works where design is sold). */
  requires?: string[];
  fields: string[];
  /** Description templates. Slots: {person}, {title}, {affiliation}, {years}, {fields}, {feat}. */
  texts: string[];
  feats: string[];
  count: number;
}

export interface BusinessCategory {
  category: Category;
  offerings: Offering[];
  institutions: InstitutionType[];
  experts: ExpertRole[];
  /** Owner phrasing. Slot: {product} (from the enterprise's industry). */
  needs: NeedPhrase[];
}
