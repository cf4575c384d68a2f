/**
 * A bounded queue of send *tasks* with a bounded number running at once. It holds
 * producers, not built envelopes: a full queue refuses before any work starts (house style
 * 7, as Sentry's `promisebuffer.ts` takes a task producer), and the event is built only when
 * its turn comes, after the current response was written.
 */

export type SendTask = () => Promise<void>;

interface Queued {
  task: SendTask;
  /** What the task sends (a data category), returned by `clear()` so drops can be counted. */
  label: string;
}

export class SendQueue {
  readonly capacity: number;
  readonly concurrency: number;
  #waiting: Queued[] = [];
  #running = 0;
  #scheduled = false;
  #idle = new Set<() => void>();

  constructor(capacity: number, concurrency: number) {
    this.capacity = capacity;
    this.concurrency = Math.max(1, concurrency);
  }

  /** Tasks not started yet. */
  get waiting(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running;
  }

  /** O(1). False (and nothing queued) when the queue is full. */
  offer(task: SendTask, label: string): boolean {
    if (this.#waiting.length >= this.capacity) return false;
    this.#waiting.push({ task, label });
    this.#schedule();
    return true;
  }

  /** Removes the tasks not started yet and returns their labels. */
  clear(): string[] {
    const labels = this.#waiting.map((q) => q.label);
    this.#waiting = [];
    this.#notifyIfIdle();
    return labels;
  }

  /** Resolves true once nothing waits or runs, false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.#isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#idle.delete(onIdle);
        resolve(ok);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.#idle.add(onIdle);
    });
  }

  #isIdle(): boolean {
    return this.#waiting.length === 0 && this.#running === 0;
  }

  // setImmediate: events of one tick go out together, and building starts after the
  // synchronous code that produced them (the error response) has run.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#running < this.concurrency && this.#waiting.length > 0) {
      const { task } = this.#waiting.shift() as Queued;
      this.#running++;
      let run: Promise<void>;
      try {
        run = task();
      } catch {
        run = Promise.resolve(); // tasks catch their own errors; this is a last guard
      }
      run
        .catch(() => {})
        .finally(() => {
          this.#running--;
          this.#drain();
          this.#notifyIfIdle();
        });
    }
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of [...this.#idle]) resolve();
  }
}
