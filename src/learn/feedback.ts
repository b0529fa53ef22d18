// What operators' decisions say about a resource within an industry, relative to what they say about all
// pairings: the resource's approval rate there, shrunk towards the overall rate while it has few decisions
// (PRIOR phantom decisions at the overall rate), minus the overall rate. A resource rejected for textile needs
// more often than pairings usually are gets a negative value there and ranks lower for textile needs; one
// rejected as often as anything else (most suggestions are rejected for being about something else) is not
// singled out; other industries are untouched.

export interface DecisionCounts {
  approved: number;
  rejected: number;
}

export const PRIOR = 5;

/** In (−1, 1): negative when rejected more often than pairings overall, 0 with no decisions. */
export function feedbackScore(c: DecisionCounts, overallRate: number, prior = PRIOR): number {
  return (c.approved + prior * overallRate) / (c.approved + c.rejected + prior) - overallRate;
}

export class FeedbackTable {
  private readonly scores = new Map<string, number>();

  constructor(rows: ReadonlyArray<DecisionCounts & { resourceId: number; industry: string }> = []) {
    const approved = rows.reduce((s, r) => s + r.approved, 0);
    const all = rows.reduce((s, r) => s + r.approved + r.rejected, 0);
    const overall = all > 0 ? approved / all : 0.5;
    for (const r of rows) this.scores.set(`${r.resourceId}:${r.industry}`, feedbackScore(r, overall));
  }

  get size(): number {
    return this.scores.size;
  }

  of(resourceId: number, industry: string | undefined): number {
    return industry ? (this.scores.get(`${resourceId}:${industry}`) ?? 0) : 0;
  }
}
