import {
  type ChannelId,
  type ChannelStorage,
  StorageClosedError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import { RowTally, validateStorageOps } from "@reliable-channel/storage-memory/helpers";
import { applyOp, type WriteTransaction } from "./apply-op.js";
import { toStorageError } from "./idb-errors.js";
import { committed } from "./idb-promises.js";
import { loadState } from "./load-state.js";
import { emptyManifest, readManifest, writeManifest } from "./manifest.js";
import { STORES } from "./schema.js";

/**
 * A handle on one channel. Each commit is one read-write transaction over every store (its rows, each with
 * its checksum, and the channel's manifest) with
 * `durability: "strict"` (flushed to disk before it completes); IndexedDB runs transactions with overlapping
 * scopes in the order they were created, so commits are serialized in call order and a load sees whole
 * commits only.
 */
export class IndexedDbChannelStorage implements ChannelStorage {
  readonly channelId: ChannelId;
  readonly #db: IDBDatabase;
  readonly #onClose: () => void;
  #closed = false;

  constructor(channelId: ChannelId, db: IDBDatabase, onClose: () => void) {
    this.channelId = channelId;
    this.#db = db;
    this.#onClose = onClose;
  }

  async load(): Promise<StoredChannelState> {
    this.#assertOpen();
    try {
      return await loadState(this.#db, this.channelId);
    } catch (error) {
      throw this.#failure(error, "cannot load");
    }
  }

  async commit(ops: readonly StorageOp[]): Promise<void> {
    this.#assertOpen();
    validateStorageOps(ops);
    let tx: WriteTransaction;
    try {
      tx = this.#db.transaction([...STORES], "readwrite", { durability: "strict" });
    } catch (error) {
      throw this.#failure(error, "cannot commit");
    }
    const done = committed(tx);
    done.catch(() => {}); // observed below, or superseded by the op's own failure
    try {
      const manifest = (await readManifest(tx, this.channelId)) ?? emptyManifest(this.channelId);
      const tally = { rows: new RowTally(manifest), counters: manifest.counters };
      for (const op of ops) await applyOp(tx, this.channelId, op, tally);
      await writeManifest(tx, {
        ...manifest,
        counters: tally.counters,
        rows: tally.rows.rows,
        digest: tally.rows.digest,
      });
      await done;
    } catch (error) {
      abortQuietly(tx);
      throw this.#failure(error, "cannot commit");
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
  }

  #failure(error: unknown, what: string): Error {
    if (this.#closed) return new StorageClosedError(`channel ${JSON.stringify(this.channelId)} is closed`);
    return toStorageError(error, `${what} channel ${JSON.stringify(this.channelId)}`);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError(`channel ${JSON.stringify(this.channelId)} is closed`);
  }
}

/** Aborts a transaction that may already have aborted or finished. */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already aborted by the failed request, or finished.
  }
}
