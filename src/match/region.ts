import { findPlace } from '../domain/taxonomy.js';

export type Closeness = 'district' | 'city' | 'province' | 'elsewhere' | 'unknown';

export const CLOSENESS_VALUE: Record<Closeness, number> = { district: 1, city: 0.6, province: 0.3, elsewhere: 0, unknown: 0 };

/** Same district > same city > same province > elsewhere. */
export function closeness(a: string | null | undefined, b: string | null | undefined): Closeness {
  const pa = a ? findPlace(a) : undefined;
  const pb = b ? findPlace(b) : undefined;
  if (!pa || !pb) return 'unknown';
  if (pa.code === pb.code) return 'district';
  if (pa.city === pb.city) return 'city';
  if (pa.province === pb.province) return 'province';
  return 'elsewhere';
}
