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
      this.pump();
    });
    return vector!;
  }

  /** Embeds one chunk of passages (the caller keeps chunks to `batch` texts). */
  chunk(texts: string[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      this.chunks.push({ work: texts, resolve, reject });
      this.pump();
    });
  }

  /** Starts the next call when the model is free; a finished call starts the next before its callers resume. */
  private pump(): void {
    if (this.busy) return;
    const next = this.take();
    if (!next) return;
    this.busy = true;
    let started: Promise<Float32Array[]>;
    try {
      started = this.call(next.texts);
    } catch (err) {
      started = Promise.reject(err);
    }
    started.then(
      (vectors) => {
        this.busy = false;
        this.pump();
        next.done(vectors);
      },
      (err: unknown) => {
        this.busy = false;
        this.pump();
        next.failed(err);
      },
    );
  }

  /** Waiting queries first (up to `batch` in one call), else the oldest chunk of passages. */
  private take(): { texts: string[]; done: (vectors: Float32Array[]) => void; failed: (err: unknown) => void } | undefined {
    if (this.queries.length > 0) {
      const group = this.queries.splice(0, this.batch);
      return { texts: group.map((q) => q.work), done: (vectors) => group.forEach((q, i) => q.resolve([vectors[i]!])), failed: (err) => group.forEach((q) => q.reject(err)) };
    }
    const chunk = this.chunks.shift();
    return chunk && { texts: chunk.work, done: chunk.resolve, failed: chunk.reject };
  }
}
