// What the project's patch of hnswlib-node (scripts/patches) adds to its HierarchicalNSW: a search on a thread of
// libuv's pool, and distances from a query to given labels and between two labels, measured by hnswlib itself so
// that no second copy of the vectors is kept in JavaScript. The install step rebuilds the addon when these are
// missing (scripts/install-native.ts); the dense index refuses to load without them.
import hnswlib from 'hnswlib-node';

export const PATCHED_CALLS = ['searchKnnAsync', 'distancesTo', 'distanceBetween'] as const;

/** The patched calls the loaded addon lacks (none when it was built with the patch). */
export function missingPatchedCalls(): string[] {
  const prototype = hnswlib.HierarchicalNSW.prototype as unknown as Record<string, unknown>;
  return PATCHED_CALLS.filter((call) => typeof prototype[call] !== 'function');
}
