import type { DatabaseSync } from "node:sqlite";
import {
  type ChannelId,
  type ChannelStorage,
  StorageClosedError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import { RowTally, validateStorageOps } from "@reliable-channel/storage-memory/helpers";
import { loadState } from "./load-state.js";
import { raise, readManifest, writeManifest } from "./manifest.js";
import { toStorageError } from "./sqlite-errors.js";
import { Statements } from "./statements.js";
import { transaction } from "./transaction.js";

/**
 * A handle on one channel's database. `node:sqlite` is synchronous, so each call runs to completion before the
 * next starts: commits are serialized, and each is one `BEGIN IMMEDIATE … COMMIT` transaction, durable
 * (`synchronous=FULL`: the WAL is fsynced) before the promise resolves.
 */
export class SqliteChannelStorage implements ChannelStorage {
  readonly channelId: ChannelId;
  readonly #db: DatabaseSync;
  readonly #statements: Statements;
  readonly #onClose: () => void;
  #closed = false;

  constructor(channelId: ChannelId, db: DatabaseSync, onClose: () => void) {
    this.channelId = channelId;
    this.#db = db;
    this.#statements = new Statements(db);
    this.#onClose = onClose;
  }

  /** Reads everything and checks it against the row checksums and the manifest (see `loadState`). */
  async load(): Promise<StoredChannelState> {
    this.#assertOpen();
    try {
      return loadState(this.#db);
    } catch (error) {
      throw toStorageError(error, `cannot load channel ${JSON.stringify(this.channelId)}`, "content");
    }
  }

  /** One transaction: the ops, then the manifest with the new row tally and counters. */
  async commit(ops: readonly StorageOp[]): Promise<void> {
    this.#assertOpen();
    validateStorageOps(ops);
    try {
      transaction(this.#db, () => {
        const manifest = readManifest(this.#db);
        const rows = new RowTally(manifest);
        let counters = manifest.counters;
        const tally = {
          rows,
          raise: (proposed: Partial<typeof counters>) => (counters = raise(counters, proposed)),
        };
        for (const op of ops) this.#statements.apply(op, tally);
        writeManifest(this.#db, { ...manifest, counters, rows: rows.rows, digest: rows.digest });
      });
    } catch (error) {
      throw toStorageError(error, `cannot commit to channel ${JSON.stringify(this.channelId)}`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError(`channel ${JSON.stringify(this.channelId)} is closed`);
  }
}
