/**
 * Our own main-thread work on a page, measured where it happens: every uninterrupted stretch of
 * annotation is recorded, so the benchmark can report total time and the longest task we caused.
 */
export class WorkMeter {
  busyMs = 0;
  longestMs = 0;
  readonly startedAt = performance.now();
  /** When the first full pass over the page finished (performance.now() time), 0 until then. */
  doneAt = 0;
  /** Waiting for the background to recognize the text: wall time, not ours on the main thread. */
  waitMs = 0;

  record(ms: number): void {
    this.busyMs += ms;
    if (ms > this.longestMs) this.longestMs = ms;
  }

  /** Runs a synchronous step and records it. */
  time<T>(step: () => T): T {
    const start = performance.now();
    try {
      return step();
    } finally {
      this.record(performance.now() - start);
    }
  }
}
