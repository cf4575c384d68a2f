/**
 * Serializes async work: one `run` at a time, in call order. SQLite has one writer per file,
 * and better-sqlite3's own `transaction()` cannot span an `await`, so the store holds this
 * queue around BEGIN … COMMIT instead.
 */
export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * @example await queue.run(async () => { db.exec('BEGIN'); …; db.exec('COMMIT'); })
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when everything queued so far has finished. */
  drain(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
