// Helpers shared by the resource generators: availability and voucher draws, unique names, industry wording.
import type { Availability, Industry } from '../../domain/taxonomy.js';
import { INDUSTRY_LABELS } from '../../domain/taxonomy.js';
import { personName, phoneNumber } from '../names.js';
import type { Rng } from '../random.js';
import { listZh } from '../text.js';

/** Mostly available; shared instruments and busy experts are sometimes limited; a few are offline. */
export function drawAvailability(rng: Rng): Availability {
  return rng.weighted<Availability>([['available', 82], ['limited', 15], ['unavailable', 3]]);
}

export function industryWords(industries: readonly Industry[]): string {
  return listZh(industries.map((i) => INDUSTRY_LABELS[i]), '、');
}

/** Keeps names unique across the corpus: tries candidates in order, returns the first unused one. */
export class NameRegistry {
  private readonly used = new Set<string>();

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Claims the first free candidate, or null when all are taken. */
  claim(...candidates: string[]): string | null {
    for (const name of candidates) {
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    return null;
  }
}

/** Removes duplicates, keeping order. */
export function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** A contact for about half of the resources: a person and a phone number. */
export function maybeContact(rng: Rng, region: string | undefined, probability = 0.5): { person: string; phone: string } | undefined {
  if (!rng.chance(probability)) return undefined;
  return { person: personName(rng), phone: phoneNumber(rng, region) };
}

/**
 * A short form of an institution name for service titles: drops the place prefix and the legal form, so
 * "浙江华锦检测技术有限公司" becomes "华锦检测技术".
 */
export function shortInstitutionName(name: string): string {
  let short = name
    .replace(/（普通合伙）|（有限合伙）|股份有限公司|有限责任公司|有限公司|合伙企业$/g, '')
    .replace(/^(浙江省|浙江|绍兴市|绍兴|杭州市|杭州|宁波|上海|苏州|南京|北京|嘉兴|金华)/, '')
    .replace(/^(柯桥区|柯桥|越城区|越城|上虞区|上虞|诸暨市|诸暨|嵊州市|嵊州|新昌县|新昌|滨海新区|滨海)/, '');
  if ([...short].length > 14) short = [...short].slice(0, 14).join('');
  return short || name;
}

/** Rounds a price to what a price list would show. */
export function roundPrice(value: number): number {
  if (value >= 1000) return Math.round(value / 100) * 100;
  if (value >= 100) return Math.round(value / 10) * 10;
  return Math.round(value / 5) * 5;
}
