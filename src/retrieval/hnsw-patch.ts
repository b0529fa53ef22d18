// What the project's patch of hnswlib-node (scripts/patches) adds to its HierarchicalNSW: a search on a thread of
// libuv's pool, and distances from a query to given labels and between two labels, measured by hnswlib itself so
// that no second copy of the vectors is kept in JavaScript. The install step rebuilds the addon when these are
// missing (scripts/install-native.ts); the dense index refuses to load without them.
export const PATCHED_CALLS = ['searchKnnAsync', 'distancesTo', 'distanceBetween'] as const;
