// One model call at a time, queries first. Queries that arrive while the model is busy wait for the call in
// progress and then go together in one call (up to `batch` of them, when batching is on), so concurrent matches
// share the model's work; a lone query finds the model idle and runs at once, never waiting for company. Passages (resources being
// indexed) go in chunks, one chunk per call, and any queries waiting go before the next chunk: a match waits for at
// most one chunk of a bulk import.

export type ModelCall = (texts: string[]) => Promise<Float32Array[]>;

interface Waiting<T> {
  work: T;
  resolve: (vectors: Float32Array[]) => void;
  reject: (err: unknown) => void;
}

export class ModelLane {
  private readonly queries: Array<Waiting<string>> = [];
  private readonly chunks: Array<Waiting<string[]>> = [];
  private busy = false;

  constructor(
    private readonly call: ModelCall,
    /** Queries per call. */
    private readonly batch = 16,
  ) {}

  async query(text: string): Promise<Float32Array> {
    const [vector] = await new Promise<Float32Array[]>((resolve, reject) => {
      this.queries.push({ work: text, resolve, reject });
      void this.pump();
    });
    return vector!;
  }

  /** Embeds one chunk of passages (the caller keeps chunks to `batch` texts). */
  chunk(texts: string[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      this.chunks.push({ work: texts, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queries.length > 0 || this.chunks.length > 0) {
        if (this.queries.length > 0) {
          const group = this.queries.splice(0, this.batch);
          await this.run(group.map((q) => q.work), (vectors) => group.forEach((q, i) => q.resolve([vectors[i]!])), (err) => group.forEach((q) => q.reject(err)));
        } else {
          const next = this.chunks.shift()!;
          await this.run(next.work, next.resolve, next.reject);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async run(texts: string[], done: (vectors: Float32Array[]) => void, failed: (err: unknown) => void): Promise<void> {
    let vectors: Float32Array[];
    try {
      vectors = await this.call(texts);
    } catch (err) {
      failed(err);
      return;
    }
    done(vectors);
  }
}
