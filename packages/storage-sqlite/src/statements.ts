import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { StorageOp } from "@reliable-channel/interfaces";
import { encodeUint64 } from "./uint64.js";

/** The prepared statements of one channel database, and how each op maps onto them. */
export class Statements {
  readonly #outboxPut: StatementSync;
  readonly #outboxDelete: StatementSync;
  readonly #logPut: StatementSync;
  readonly #logDelete: StatementSync;
  readonly #incomingPut: StatementSync;
  readonly #incomingDelete: StatementSync;
  readonly #handledAdd: StatementSync;
  readonly #handledDelete: StatementSync;
  readonly #counters: StatementSync;
  readonly #metaPut: StatementSync;
  readonly #metaDelete: StatementSync;
  /** Loads, in the order the port documents. */
  readonly selectOutbox: StatementSync;
  readonly selectLog: StatementSync;
  readonly selectIncoming: StatementSync;
  readonly selectHandled: StatementSync;
  readonly selectCounters: StatementSync;
  readonly selectMeta: StatementSync;

  constructor(db: DatabaseSync) {
    this.#outboxPut = db.prepare(
      `INSERT OR REPLACE INTO outbox
        (message_id, sequence, lamport, bytes, state, attempts, next_attempt_at, created_at, last_hint)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#outboxDelete = db.prepare("DELETE FROM outbox WHERE message_id = ?");
    this.#logPut = db.prepare(
      "INSERT OR REPLACE INTO log (message_id, lamport, sender_id, hint, bytes) VALUES (?, ?, ?, ?, ?)",
    );
    this.#logDelete = db.prepare("DELETE FROM log WHERE message_id = ?");
    this.#incomingPut = db.prepare(
      "INSERT OR REPLACE INTO incoming (message_id, bytes, hint, received_at) VALUES (?, ?, ?, ?)",
    );
    this.#incomingDelete = db.prepare("DELETE FROM incoming WHERE message_id = ?");
    this.#handledAdd = db.prepare("INSERT OR IGNORE INTO handled (message_id) VALUES (?)");
    this.#handledDelete = db.prepare("DELETE FROM handled WHERE message_id = ?");
    // 8-byte big-endian BLOBs compare numerically, so SQLite's max() keeps the larger value.
    this.#counters = db.prepare(
      "UPDATE channel SET lamport = max(lamport, coalesce(?, lamport)), sequence = max(sequence, coalesce(?, sequence)) WHERE id = 1",
    );
    this.#metaPut = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    this.#metaDelete = db.prepare("DELETE FROM meta WHERE key = ?");
    this.selectOutbox = db.prepare("SELECT * FROM outbox ORDER BY sequence, message_id");
    this.selectLog = db.prepare("SELECT * FROM log ORDER BY lamport, message_id");
    this.selectIncoming = db.prepare("SELECT * FROM incoming ORDER BY received_at, message_id");
    this.selectHandled = db.prepare("SELECT message_id FROM handled ORDER BY position");
    this.selectCounters = db.prepare("SELECT lamport, sequence FROM channel WHERE id = 1");
    this.selectMeta = db.prepare("SELECT key, value FROM meta");
  }

  /** Runs one (validated) op inside the caller's transaction. */
  apply(op: StorageOp): void {
    switch (op.type) {
      case "outbox-put": {
        const e = op.entry;
        this.#outboxPut.run(
          e.messageId,
          encodeUint64(e.sequence),
          encodeUint64(e.lamportTimestamp),
          e.bytes,
          e.state,
          e.attempts,
          e.nextAttemptAt,
          e.createdAt,
          e.lastHint ?? null,
        );
        return;
      }
      case "log-put": {
        const e = op.entry;
        const lamport = encodeUint64(e.lamportTimestamp);
        this.#logPut.run(e.messageId, lamport, e.senderId, e.retrievalHint ?? null, e.bytes ?? null);
        return;
      }
      case "incoming-put": {
        const e = op.entry;
        this.#incomingPut.run(e.messageId, e.bytes, e.retrievalHint ?? null, e.receivedAt);
        return;
      }
      case "counters": {
        const { lamportTimestamp, sequence } = op.counters;
        this.#counters.run(optionalUint64(lamportTimestamp), optionalUint64(sequence));
        return;
      }
      case "meta-put":
        this.#metaPut.run(op.key, op.value);
        return;
      default:
        this.#deleteOrAdd(op);
    }
  }

  #deleteOrAdd(op: StorageOp): void {
    if (op.type === "outbox-delete") this.#outboxDelete.run(op.messageId);
    else if (op.type === "log-delete") this.#logDelete.run(op.messageId);
    else if (op.type === "incoming-delete") this.#incomingDelete.run(op.messageId);
    else if (op.type === "handled-add") this.#handledAdd.run(op.messageId);
    else if (op.type === "handled-delete") this.#handledDelete.run(op.messageId);
    else if (op.type === "meta-delete") this.#metaDelete.run(op.key);
  }
}

function optionalUint64(value: bigint | undefined): Uint8Array | null {
  return value === undefined ? null : encodeUint64(value);
}
