// Entry point: the deterministic demo corpus — 500 enterprises, 800 needs, ~2,500 resources — for Shaoxing's
// industrial innovation service complexes. Same seed, same corpus: everything draws from forks of one seeded
// PRNG, and nothing reads the clock.
import type { EnterpriseInput, NeedInput, ResourceInput } from '../domain/inputs.js';
import { generateEnterprises } from './enterprises.js';
import { generateNeeds } from './needs.js';
import { Rng } from './random.js';
import { generateResources } from './resources/index.js';

export interface SeedCorpus {
  /** 500 SMEs with valid, unique 统一社会信用代码 and unique names. */
  enterprises: EnterpriseInput[];
  /** 800 needs; enterpriseIndex points into enterprises. */
  needs: Array<Omit<NeedInput, 'enterpriseId'> & { enterpriseIndex: number }>;
  /** Experts, equipment, labs, institutions and services (>= 2000). */
  resources: ResourceInput[];
}

export const DEFAULT_SEED = 20180701;

export function generateSeedCorpus(seed: number = DEFAULT_SEED): SeedCorpus {
  const rng = new Rng(seed);
  const { inputs: enterprises, meta } = generateEnterprises(rng.fork('enterprises'));
  const resources = generateResources(rng.fork('resources'), meta);
  const needs = generateNeeds(rng.fork('needs'), meta);
  return { enterprises, needs, resources };
}
