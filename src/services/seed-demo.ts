// Loads the deterministic Shaoxing demo corpus through the same import path as any NDJSON file.
import { SYSTEM } from '../auth/actor.js';
import { generateSeedCorpus, type SeedCorpus } from '../seed/corpus.js';
import type { ServiceContext } from './context.js';
import { importRecords, type ImportReport } from './import.js';

export async function seedDemoCorpus({ ctx, onProgress, corpus = generateSeedCorpus() }: { ctx: Pick<ServiceContext, 'db' | 'indexer'>; onProgress?: (done: number, total: number) => void; corpus?: SeedCorpus }): Promise<ImportReport> {
  let line = 0;
  const lines = [
    ...corpus.enterprises.map((data) => ({ line: ++line, type: 'enterprise' as const, data })),
    ...corpus.resources.map((data) => ({ line: ++line, type: 'resource' as const, data })),
    ...corpus.needs.map(({ enterpriseIndex, ...need }) => ({
      line: ++line,
      type: 'need' as const,
      data: { ...need, enterprise: corpus.enterprises[enterpriseIndex]!.creditCode },
    })),
  ];
  return importRecords({ ctx, actor: SYSTEM, input: lines, ...(onProgress ? { onProgress } : {}) });
}
