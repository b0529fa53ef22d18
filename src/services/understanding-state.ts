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
import { DEFAULT_CLASSIFIER, NeedClassifier, type ClassifierCheck, type LabelledNeed } from '../understanding/need-classifier.js';
import { REFRESH_MS } from './ranking-state.js';
import { Periodic } from '../periodic.js';


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
      const { classifier, check } = NeedClassifier.fit(await this.examples(DEFAULT_CLASSIFIER.maxExamples));
      this.classifier = classifier;
      this.classifierCheck = check;
      if (check.examples > 0) this.log.info({ ...check }, 'need classifier checked');
    }
  }

  /** The `n` most recent labelled needs whose vector is current, read a page at a time (not all of a province's). */
  private async examples(n: number): Promise<LabelledNeed[]> {
    const out: LabelledNeed[] = [];
    for (let before: number | undefined; out.length < n; ) {
      const page = await labelledNeedVectors(this.db, this.modelId, { ...(before === undefined ? {} : { before }), limit: n });
      for (const r of page) {
        if (out.length < n && isCurrent(r, this.modelId, needDocument(r))) out.push({ id: r.id, vector: r.vector, industry: r.industry as Industry | null, category: r.category as Category | null });
      }
      if (page.length < n) break;
      before = page[page.length - 1]!.id;
    }
    return out;
  }

  start(): void {
    this.periodic = new Periodic(() => this.refresh(), REFRESH_MS, this.log, 'understanding state');
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic?.stop();
  }
}
