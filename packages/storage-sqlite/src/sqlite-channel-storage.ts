import type { DatabaseSync } from "node:sqlite";
import {
  type ChannelId,
  type ChannelStorage,
  StorageClosedError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import { validateStorageOps } from "@reliable-channel/storage-memory";
import { blob, id, incomingFromRow, logFromRow, outboxFromRow } from "./rows.js";
import { toStorageError } from "./sqlite-errors.js";
import { Statements } from "./statements.js";
import { transaction } from "./transaction.js";
import { decodeUint64 } from "./uint64.js";

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

  async load(): Promise<StoredChannelState> {
    this.#assertOpen();
    const s = this.#statements;
    try {
      const counters = s.selectCounters.get();
      return {
        outbox: s.selectOutbox.all().map(outboxFromRow),
        log: s.selectLog.all().map(logFromRow),
        incoming: s.selectIncoming.all().map(incomingFromRow),
        handled: s.selectHandled.all().map((row) => id(row.message_id, "handled row")),
        counters: {
          lamportTimestamp: decodeUint64(counters?.lamport, "counters lamport"),
          sequence: decodeUint64(counters?.sequence, "counters sequence"),
        },
        meta: Object.fromEntries(
          s.selectMeta.all().map((row) => {
            const key = id(row.key, "meta row");
            return [key, blob(row.value, `meta row ${JSON.stringify(key)} value`)];
          }),
        ),
      };
    } catch (error) {
      throw toStorageError(error, `cannot load channel ${JSON.stringify(this.channelId)}`);
    }
  }

  async commit(ops: readonly StorageOp[]): Promise<void> {
    this.#assertOpen();
    validateStorageOps(ops);
    try {
      transaction(this.#db, () => {
        for (const op of ops) this.#statements.apply(op);
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
