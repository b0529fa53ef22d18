// What a process understands owners' words with, as it holds it: the newest version of the concept lexicon (the
// committed file until operators change it) and the classifier learned from needs registered with their labels
// (refitted when they change, used only once it passed its check). Read from the database at start and every
// REFRESH_MS, so operators' edits and new labelled needs reach every process.
import type { Db } from '../db/client.js';
import type { Category, Industry } from '../domain/taxonomy.js';
import { isCurrent } from '../indexing/stored-vector.js';
import type { Logger } from '../log.js';
import { labelledNeedStamp, labelledNeedVectors } from '../repositories/embedding.repository.js';
import { newestLexicon, newestLexiconVersion } from '../repositories/lexicon.repository.js';
import { needDocument } from '../retrieval/documents.js';
import { Lexicon } from '../understanding/lexicon.js';
import { NeedClassifier, type ClassifierCheck } from '../understanding/need-classifier.js';
import { REFRESH_MS } from './ranking-state.js';
import { Periodic } from './periodic.js';


export class UnderstandingState {
  lexicon: Lexicon = Lexicon.committed();
  classifier: NeedClassifier | undefined;
  /** The last check of the classifier, adopted or not. */
  classifierCheck: ClassifierCheck | undefined;
  private needStamp = '';
  private periodic: Periodic | undefined;

  constructor(
    private readonly db: Db,
    private readonly modelId: string,
    private readonly log: Logger,
  ) {}

  async refresh(): Promise<void> {
    const version = (await newestLexiconVersion(this.db)) ?? 1;
    if (version !== this.lexicon.version) {
      const row = version > 1 ? await newestLexicon(this.db) : undefined;
      this.lexicon = row ? new Lexicon(row.concepts, row.version) : Lexicon.committed();
      this.log.info({ version: this.lexicon.version, concepts: this.lexicon.size }, 'concept lexicon in use');
    }
    const stamp = await labelledNeedStamp(this.db);
    if (stamp !== this.needStamp) {
      this.needStamp = stamp;
      const rows = (await labelledNeedVectors(this.db, this.modelId)).filter((r) => isCurrent(r, this.modelId, needDocument(r)));
      const { classifier, check } = NeedClassifier.fit(rows.map((r) => ({ id: r.id, vector: r.vector, industry: r.industry as Industry | null, category: r.category as Category | null })));
      this.classifier = classifier;
      this.classifierCheck = check;
      if (check.examples > 0) this.log.info({ ...check }, 'need classifier checked');
    }
  }

  start(): void {
    this.periodic = new Periodic(() => this.refresh(), REFRESH_MS, this.log, 'understanding state');
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic?.stop();
  }
}
