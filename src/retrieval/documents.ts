// What the engine reads of a record: the one text that is embedded and tokenised for a resource or a need,
// and the compact profile of a resource that ranking needs.
import type { ResourceDetails } from '../domain/inputs.js';
import { CATEGORY_LABELS, INDUSTRY_LABELS, KIND_LABELS, type Availability, type Category, type Industry, type ResourceKind } from '../domain/taxonomy.js';

export interface ResourceProfile {
  id: number;
  kind: ResourceKind;
  name: string;
  industries: Industry[];
  categories: Category[];
  region: string | null;
  voucherEligible: boolean;
  capacityPerMonth: number;
  availability: Availability;
  /**
   * Who provides it, when others of its listings may: a service's institution (by id, else by name), the owner of
   * an instrument or a lab, an institution itself. Null for an expert (each is a provider of one). Result lists
   * show one listing per provider before the next (match/diversify.ts).
   */
  provider: string | null;
}

export interface ResourceLike extends Omit<ResourceProfile, 'provider'> {
  description: string;
  details: ResourceDetails;
}

/**
 * A resource's profile as the index keeps it. Its labels and provider repeat across resources, and each row read
 * from the database brings its own copies: one shared, frozen copy of each is kept instead (24 MiB less JS heap at
 * 100,000 resources).
 */
export function toProfile(r: ResourceLike): ResourceProfile {
  return {
    id: r.id, kind: shared(r.kind), name: r.name, industries: sharedList(r.industries), categories: sharedList(r.categories),
    region: r.region === null ? null : shared(r.region), voucherEligible: r.voucherEligible, capacityPerMonth: r.capacityPerMonth,
    availability: shared(r.availability), provider: sharedOrNull(providerOf(r)),
  };
}

const strings = new Map<string, string>();
const lists = new Map<string, readonly string[]>();
const MAX_SHARED = 100_000; // a bound, should providers' names run into the hundreds of thousands

function shared<T extends string>(s: T): T {
  const known = strings.get(s);
  if (known !== undefined) return known as T;
  if (strings.size < MAX_SHARED) strings.set(s, s);
  return s;
}

const sharedOrNull = (s: string | null) => (s === null ? null : shared(s));

function sharedList<T extends string>(xs: T[]): T[] {
  const key = xs.join('\u0000');
  const known = lists.get(key);
  if (known !== undefined) return known as T[];
  const list = Object.freeze(xs.map(shared)) as T[];
  if (lists.size < MAX_SHARED) lists.set(key, list);
  return list;
}

function providerOf(r: ResourceLike): string | null {
  const d = r.details as { institutionId?: number; provider?: string; owner?: string };
  const name = (s: string | undefined) => (s?.trim() ? `name:${s.trim()}` : null);
  switch (r.kind) {
    case 'service':
      return d.institutionId !== undefined ? `institution:${d.institutionId}` : name(d.provider);
    case 'equipment':
    case 'lab':
      return name(d.owner);
    case 'institution':
      return name(r.name);
    default:
      return null;
  }
}

/** Name, kind-specific facts and description; labels of the declared industries and categories help bare-text needs. */
export function resourceDocument(r: ResourceLike): string {
  const d = r.details as Record<string, unknown>;
  const facts = [d.title, d.affiliation, d.model, d.maker, d.provider, d.institutionType]
    .filter((v): v is string => typeof v === 'string')
    .concat(Array.isArray(d.fields) ? (d.fields as string[]) : [], Array.isArray(d.qualifications) ? (d.qualifications as string[]) : []);
  const labels = [
    KIND_LABELS[r.kind],
    ...r.industries.map((i) => INDUSTRY_LABELS[i]),
    ...r.categories.map((c) => CATEGORY_LABELS[c]),
  ];
  return [r.name, facts.join(' '), r.description, labels.join(' ')].filter((s) => s.length > 0).join('。');
}

export function needDocument(n: { title: string; description: string }): string {
  return n.description && n.description !== n.title ? `${n.title}。${n.description}` : n.title;
}

/** Database rows store codes as text; the write path has validated them. */
export function rowToResource(row: {
  id: number; kind: string; name: string; description: string; industries: string[]; categories: string[]; region: string | null;
  voucherEligible: boolean; capacityPerMonth: number; availability: string; details: ResourceDetails;
}): ResourceLike {
  return {
    id: row.id, kind: row.kind as ResourceKind, name: row.name, description: row.description, industries: row.industries as Industry[],
    categories: row.categories as Category[], region: row.region, voucherEligible: row.voucherEligible,
    capacityPerMonth: row.capacityPerMonth, availability: row.availability as Availability, details: row.details,
  };
}
