import type { ChannelStorage, StorageOp } from "@reliable-channel/interfaces";

interface Batch {
  readonly ops: StorageOp[];
  force: boolean;
  readonly before: (() => Promise<void>)[];
  readonly after: (() => void)[];
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/** Options of {@link CommitQueue}. */
export interface CommitQueueInit {
  readonly storage: ChannelStorage;
  /**
   * Ops appended to a batch when it is committed (the current core snapshot); `force` is true when one of
   * its changes asked for a snapshot. May return nothing when a snapshot is not needed yet.
   */
  readonly snapshot: (force: boolean) => readonly StorageOp[];
  /** Called when a batch fails to commit (its `after` callbacks are then not run). */
  readonly onError: (error: unknown) => void;
}

/**
 * Serialized, batched, atomic persistence. Changes made in the same turn of the event loop are committed
 * together in one atomic `commit` with a fresh snapshot of the core; the callbacks of a batch (the events
 * of what it persisted) run, in order, only after its commit resolved. A batch's `before` steps (what must
 * be durable elsewhere before this commit, e.g. a delivered segment in the reassembly's storage) are
 * awaited, in order, between taking its snapshot and committing it; one that rejects fails the batch.
 */
export class CommitQueue {
  readonly #init: CommitQueueInit;
  #open: Batch | undefined;
  #tail: Promise<void> = Promise.resolve();

  constructor(init: CommitQueueInit) {
    this.#init = init;
  }

  /**
   * Adds `ops` to the open batch; `snapshot` makes the batch carry a fresh core snapshot; `before` runs
   * before the batch is committed, which waits for it. Resolves when the batch is durable; rejects with the
   * storage's (or `before`'s) error when it failed.
   */
  enqueue(
    ops: readonly StorageOp[],
    options: {
      readonly snapshot?: boolean;
      readonly before?: () => Promise<void>;
      readonly after?: () => void;
    } = {},
  ): Promise<void> {
    const batch = this.#batch();
    batch.ops.push(...ops);
    if (options.snapshot === true) batch.force = true;
    if (options.before !== undefined) batch.before.push(options.before);
    const after = options.after;
    if (after !== undefined) batch.after.push(after);
    return new Promise((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  /** Runs `after` once everything enqueued so far is committed (at once when nothing is pending). */
  afterPending(after: () => void): void {
    if (this.#open === undefined) {
      void this.#tail.then(after);
      return;
    }
    this.#open.after.push(after);
  }

  /** Resolves when every batch enqueued so far has been committed (or failed). */
  drain(): Promise<void> {
    return this.#tail;
  }

  #batch(): Batch {
    if (this.#open !== undefined) return this.#open;
    const batch: Batch = { ops: [], force: false, before: [], after: [], waiters: [] };
    this.#open = batch;
    this.#tail = this.#tail.then(() => this.#commit(batch));
    return batch;
  }

  async #commit(batch: Batch): Promise<void> {
    if (this.#open === batch) this.#open = undefined;
    try {
      // The snapshot is taken first: it must not run ahead of the batch's rows while `before` is awaited.
      const ops = [...batch.ops, ...this.#init.snapshot(batch.force)];
      for (const before of batch.before) await before();
      if (ops.length > 0) await this.#init.storage.commit(ops);
    } catch (error) {
      this.#init.onError(error);
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    }
    for (const after of batch.after) after();
    for (const waiter of batch.waiters) waiter.resolve();
  }
}
