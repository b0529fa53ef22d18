// All resources, in a fixed order (experts, equipment, labs, institutions, services) with stable external ids and
// the complex that hosts them.
// Institutions come first in generation because labs, equipment, experts and services refer to them.
import type { ResourceInput } from '../../domain/inputs.js';
import type { EnterpriseMeta } from '../enterprises.js';
import type { Rng } from '../random.js';
import { NameRegistry } from './common.js';
import { generateExperts } from './experts.js';
import { generateInstitutions } from './institutions.js';
import { generateLabsAndEquipment } from './labs.js';
import { buildCatalog } from './offerings.js';
import { generateServices } from './services.js';

export function generateResources(rng: Rng, enterprises: readonly EnterpriseMeta[]): ResourceInput[] {
  const names = new NameRegistry();
  const institutions = generateInstitutions(rng.fork('institutions'), names, buildCatalog());
  const { labs, equipment } = generateLabsAndEquipment(rng.fork('labs'), names, enterprises, institutions);
  const experts = generateExperts(rng.fork('experts'), names, enterprises, institutions);
  const services = generateServices(rng.fork('services'), names, institutions);
  const all: ResourceInput[] = [...experts, ...equipment, ...labs, ...institutions.map((i) => i.resource), ...services];
  // Each resource is hosted by the complex of its main industry.
  return all.map((r, i) => ({ ...r, ...(r.industries[0] ? { complex: r.industries[0] } : {}), externalId: `seed-res-${String(i + 1).padStart(4, '0')}` }));
}
