// Shapes of the hand-written vocabulary. One table per industry says what providers can do (topics, tests,
// certifications, instruments) AND how an owner would describe the same problem (needs), so every generated
// need has providers in the corpus that can serve it, while the two sides use different words.
import type { Category, Industry } from '../../domain/taxonomy.js';

/** An owner's way of stating a problem. Templates may use {a|b} alternatives and the {product} slot. */
export interface NeedPhrase {
  title: string;
  text: string;
  /** Overrides the category of the table the phrase sits in (e.g. a testing question inside an R&D topic). */
  category?: Category;
  /** Only enterprises of these industries would say this (e.g. live-stream selling fits pearls, not API). */
  industries?: Industry[];
}

/** A technical field that experts and labs work on and SMEs have problems in. */
export interface Topic {
  key: string;
  industry: Industry;
  /** Other industries the same expertise serves; the provider texts mention them, so listing them is truthful. */
  also?: Industry[];
  /** Categories a provider of this topic serves; the first is the main one. Defaults to ['rnd']. */
  categories?: Category[];
  /** The field as a provider names it: "毛纺织品防缩整理与尺寸稳定性". */
  field: string;
  /** Concrete capabilities, provider words. */
  methods: string[];
  /** Typical problems solved, provider words. */
  problems: string[];
  standards?: string[];
  needs: NeedPhrase[];
}

/** A test a lab or testing institution offers. */
export interface TestOffer {
  key: string;
  /** The service name: "纺织品阻燃性能检测". */
  name: string;
  industry: Industry;
  also?: Industry[];
  items: string[];
  standards: string[];
  /** Extra categories besides testing (e.g. certification for export compliance tests). */
  extraCategories?: Category[];
  needs: NeedPhrase[];
}

/** A certification or registration a consultancy helps with. */
export interface CertOffer {
  key: string;
  name: string;
  industries: Industry[];
  /** What the scheme covers, in one clause. */
  scope: string;
  extraCategories?: Category[];
  needs: NeedPhrase[];
}

/** A kind of instrument; each generated equipment resource is one unit of one kind. */
export interface Instrument {
  key: string;
  name: string;
  /** [maker, model] pairs that exist for this kind of instrument. */
  models: ReadonlyArray<readonly [string, string]>;
  /** What the instrument is used for in each industry it serves. */
  uses: Partial<Record<Industry, string>>;
  categories: Category[];
  /** Yuan per hour, range. */
  price: readonly [number, number];
  /** Bookable slots per month, range. */
  capacity: readonly [number, number];
  /** Whether results are typically issued under CMA/CNAS accreditation. */
  accredited: boolean;
}

/** A kind of shared lab: "纺织品检测" becomes "柯桥纺织品检测共享实验室". */
export interface LabDomain {
  name: string;
  industry: Industry;
  also?: Industry[];
  categories: Category[];
  /** Keys of tests and topics the lab covers, and instruments it holds. */
  tests: string[];
  topics: string[];
  instruments: string[];
}

export interface Affiliation {
  name: string;
  region: string;
  /** university | institute | enterprise: decides which titles fit. */
  type: 'university' | 'institute' | 'college';
}

export interface IndustryVocab {
  industry: Industry;
  /** Words an owner uses for what the company makes: fills {product}. */
  products: string[];
  /** Trade words for company names: 印染, 袜业, 酒业. */
  trades: string[];
  /** Shaoxing districts where the industry clusters, with weights. */
  districts: ReadonlyArray<readonly [string, number]>;
  topics: Topic[];
  tests: TestOffer[];
  certs: CertOffer[];
  instruments: Instrument[];
  labDomains: LabDomain[];
  affiliations: Affiliation[];
  /** Former posts of experts who come from industry rather than academia. */
  formerRoles: string[];
}

/** Institutions whose offerings come from the industry tables: testing centres and industrial research institutes. */
export interface TechnicalInstitutionType {
  key: 'testing-center' | 'research-institute';
  label: string;
  /** Slots: {place}, {brand}, {trade} (industry word for institution names). */
  names: string[];
  qualifications: string[];
  intros: string[];
  count: number;
}

/** An innovation service complex: one per cluster, named the way the city names it. */
export interface InnovationComplex {
  region: string;
  industry: Industry;
  name: string;
}
