// A refresh that runs every `ms` in the background, one at a time; stopping waits for the one in flight, so a
// process that closes its database right after never has a refresh fail on the closed connection.
import type { Logger } from './log.js';

export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly ms: number,
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .catch((err: unknown) => this.log.warn({ err }, `could not refresh the ${this.what}`))
        .finally(() => (this.running = undefined));
    }, this.ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
