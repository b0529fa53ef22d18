// What the project's patch of hnswlib-node (scripts/patches) adds: to its HierarchicalNSW a search on a thread of
// libuv's pool, and distances from a query to given labels and between two labels, measured by hnswlib itself so
// that no second copy of the vectors is kept in JavaScript; to its BruteforceSearch (the need classifier's) the
// same search on the pool. The install step rebuilds the addon when these are missing (scripts/install-native.ts);
// the dense index refuses to load without them.
import hnswlib from 'hnswlib-node';

export const PATCHED_CALLS = {
  HierarchicalNSW: ['searchKnnAsync', 'distancesTo', 'distanceBetween'],
  BruteforceSearch: ['searchKnnAsync'],
} as const;

/** The patched calls the loaded addon lacks, as Class.call (none when it was built with the patch). */
export function missingPatchedCalls(): string[] {
  return Object.entries(PATCHED_CALLS).flatMap(([name, calls]) => {
    const prototype = hnswlib[name as keyof typeof PATCHED_CALLS].prototype as unknown as Record<string, unknown>;
    return calls.filter((call) => typeof prototype[call] !== 'function').map((call) => `${name}.${call}`);
  });
}
