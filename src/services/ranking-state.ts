// What the ranking learns from operators, as each process holds it: the weights of the newest ranker that passed
// its check (the hand-set ones until then) and the feedback table of decisions per resource and industry. Read
// from the database at start and every REFRESH_MS, so decisions and new rankers reach every process.
import type { Db } from '../db/client.js';
import { FeedbackTable } from '../learn/feedback.js';
import type { Logger } from '../log.js';
import { complete, DEFAULT_WEIGHTS, type Weights } from '../domain/score-components.js';
import type { FeedbackLookup } from '../match/types.js';
import { decisionCounts, newestActiveRanker } from '../repositories/ranker.repository.js';

/** How often every process rereads what was learned (rankers, feedback, the lexicon, the need classifier). */
export const REFRESH_MS = 30_000;

export class RankingState {
  weights: Weights = DEFAULT_WEIGHTS;
  rankerId: number | null = null;
  private table = new FeedbackTable();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  readonly feedback: FeedbackLookup = (resourceId, industry) => this.table.of(resourceId, industry);

  async refresh(): Promise<void> {
    const [ranker, counts] = await Promise.all([newestActiveRanker(this.db), decisionCounts(this.db)]);
    if ((ranker?.id ?? null) !== this.rankerId) {
      this.rankerId = ranker?.id ?? null;
      // A ranker from before a component existed gives it the hand-set weight.
      this.weights = ranker ? complete(ranker.weights, DEFAULT_WEIGHTS) : DEFAULT_WEIGHTS;
      this.log.info({ ranker: this.rankerId, weights: this.weights }, 'ranking weights in use');
    }
    this.table = new FeedbackTable(counts);
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh().catch((err: unknown) => this.log.warn({ err }, 'could not refresh the ranking state')), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
