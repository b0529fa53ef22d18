// The whole vocabulary in one place, so generators can look up by industry, category or key. The tables are
// data in ../data/*.json (each with an `about` line saying what it covers); this module reads them once and
// composes them: industry tables name the shared instruments they use by key, and the extra owner phrasings
// are appended to the tables they belong to.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INDUSTRIES, type Category, type Industry } from '../../domain/taxonomy.js';
import type { BusinessCategory } from './business-types.js';
import type { InnovationComplex, IndustryVocab, Instrument, NeedPhrase, TechnicalInstitutionType } from './types.js';

export * from './types.js';
export * from './business-types.js';

const TABLES = resolve(import.meta.dirname, '../data');

/** Parses a table; the JSON is hand-maintained against the declared types, not validated. */
function load<T>(name: string): T & { about: string } {
  return JSON.parse(readFileSync(resolve(TABLES, `${name}.json`), 'utf8')) as T & { about: string };
}

/** An industry table as stored: its own instruments, plus the keys of the shared ones it uses (listed first). */
type IndustryFile = IndustryVocab & { sharedInstruments: string[] };

const SHARED_INSTRUMENTS = new Map(load<{ instruments: Instrument[] }>('instruments').instruments.map((i) => [i.key, i]));

const EXTRA_NEEDS = load<{ tech: Record<string, NeedPhrase[]>; business: Partial<Record<Category, NeedPhrase[]>> }>('extra-needs');

const addNeeds = <T extends { needs: NeedPhrase[] }>(x: T, extra: NeedPhrase[] | undefined): T => ({ ...x, needs: [...x.needs, ...(extra ?? [])] });

function industryTable(industry: Industry): IndustryVocab {
  // `about` and `sharedInstruments` are dropped; `instruments` keeps its place among the keys.
  const { about: _about, sharedInstruments, ...v } = load<IndustryFile>(industry);
  if (v.industry !== industry) throw new Error(`${industry}.json describes ${v.industry}`);
  const shared = sharedInstruments.map((key) => {
    const instrument = SHARED_INSTRUMENTS.get(key);
    if (!instrument) throw new Error(`${industry}.json: unknown shared instrument ${key}`);
    return instrument;
  });
  const add = <T extends { key: string; needs: NeedPhrase[] }>(x: T): T => addNeeds(x, EXTRA_NEEDS.tech[x.key]);
  return { ...v, instruments: [...shared, ...v.instruments], topics: v.topics.map(add), tests: v.tests.map(add), certs: v.certs.map(add) };
}

export const INDUSTRY_VOCAB = Object.fromEntries(INDUSTRIES.map((i) => [i, industryTable(i)])) as Record<Industry, IndustryVocab>;

/** Non-technical categories, each with its institutions, offerings, experts and owner phrasing. */
export const BUSINESS: BusinessCategory[] = [
  ...load<{ categories: BusinessCategory[] }>('business-ip').categories,
  ...load<{ categories: BusinessCategory[] }>('business-commerce').categories,
].map((b) => addNeeds(b, EXTRA_NEEDS.business[b.category]));

const TECHNICAL = load<{ trade: Record<Industry, string[]>; institutions: TechnicalInstitutionType[]; complexes: InnovationComplex[] }>(
  'technical-institutions',
);

/** The word an institution name uses for an industry: "纺织品检测中心", "黄酒产业技术研究院". */
export const INSTITUTION_TRADE: Record<Industry, string[]> = TECHNICAL.trade;
/** Testing centres (offering an industry's tests) and industrial research institutes (R&D on its topics). */
export const TECHNICAL_INSTITUTIONS: TechnicalInstitutionType[] = TECHNICAL.institutions;
/** The innovation service complexes: one per cluster named in the action plan. */
export const INNOVATION_COMPLEXES: ReadonlyArray<InnovationComplex> = TECHNICAL.complexes;
