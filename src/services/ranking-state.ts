// What the ranking learns from operators, as each process holds it: the weights of the newest ranker that passed
// its check (the hand-set ones until then), the feedback table of decisions per resource and industry, and the
// rejected pairs (never suggested again). Read from the database at start and every REFRESH_MS, so decisions and
// new rankers reach every process; the process that records a decision applies its rejection at once.
import type { Db } from '../db/client.js';
import { FeedbackTable } from '../learn/feedback.js';
import type { Logger } from '../log.js';
import { complete, DEFAULT_WEIGHTS, type Weights } from '../domain/score-components.js';
import type { FeedbackLookup } from '../match/types.js';
import { allRejectedPairs } from '../repositories/pairing.repository.js';
import { decisionCounts, newestActiveRanker } from '../repositories/ranker.repository.js';
import { Periodic } from '../periodic.js';

/** How often every process rereads what was learned (rankers, feedback, the lexicon, the need classifier). */
export const REFRESH_MS = 30_000;

const NONE: ReadonlySet<number> = new Set();

export class RankingState {
  weights: Weights = DEFAULT_WEIGHTS;
  rankerId: number | null = null;
  private table = new FeedbackTable();
  private rejected = new Map<number, Set<number>>();
  private periodic: Periodic | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  readonly feedback: FeedbackLookup = (resourceId, industry) => this.table.of(resourceId, industry);

  async refresh(): Promise<void> {
    const [ranker, counts, rejected] = await Promise.all([newestActiveRanker(this.db), decisionCounts(this.db), allRejectedPairs(this.db)]);
    if ((ranker?.id ?? null) !== this.rankerId) {
      this.rankerId = ranker?.id ?? null;
      // A ranker from before a component existed gives it the hand-set weight.
      this.weights = ranker ? complete(ranker.weights, DEFAULT_WEIGHTS) : DEFAULT_WEIGHTS;
      this.log.info({ ranker: this.rankerId, weights: this.weights }, 'ranking weights in use');
    }
    this.table = new FeedbackTable(counts);
    this.rejected = new Map();
    for (const { needId, resourceId } of rejected) this.rejectedSet(needId).add(resourceId);
  }

  /** The resources rejected for a need. */
  rejectedFor(needId: number): ReadonlySet<number> {
    return this.rejected.get(needId) ?? NONE;
  }

  /** A decision this process just recorded: a rejection counts at once, not at the next refresh. */
  decided(needId: number, resourceId: number, status: string): void {
    if (status === 'rejected') this.rejectedSet(needId).add(resourceId);
    else this.rejected.get(needId)?.delete(resourceId);
  }

  private rejectedSet(needId: number): Set<number> {
    let set = this.rejected.get(needId);
    if (!set) this.rejected.set(needId, (set = new Set()));
    return set;
  }

  start(): void {
    this.periodic = new Periodic(() => this.refresh(), REFRESH_MS, this.log, 'ranking state');
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic?.stop();
  }
}
