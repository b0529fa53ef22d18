// What the benchmarks share: quantiles of timings and memory in MiB.
import { readFileSync } from 'node:fs';

/** The q-quantile of the values (nearest rank, no interpolation). */
export const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** A process's resident memory in MiB (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
}
