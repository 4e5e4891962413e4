import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { StorageOp } from "@reliable-channel/interfaces";
import { type RowTally, rowChecksum, type StoredRow } from "@reliable-channel/storage-memory/helpers";
import { KEY_COLUMN, type RowTable } from "./stored-rows.js";
import { encodeUint64 } from "./uint64.js";

/** What an op touches beside its row: the running tally of rows and the counters (both end in the manifest). */
export interface CommitTally {
  readonly rows: RowTally;
  /** Raises the counters to at least these values. */
  raise(counters: Extract<StorageOp, { type: "counters" }>["counters"]): void;
}

type Keyed = Exclude<RowTable, "handled">;

/**
 * The prepared statements of one channel database, and how each op maps onto them. Every write stores the
 * row's checksum with it and moves the tally: the replaced or deleted row's checksum out, the new one in.
 */
export class Statements {
  readonly #checksumOf = new Map<Keyed, StatementSync>();
  readonly #delete = new Map<Keyed, StatementSync>();
  readonly #outboxPut: StatementSync;
  readonly #logPut: StatementSync;
  readonly #incomingPut: StatementSync;
  readonly #metaPut: StatementSync;
  readonly #handledFind: StatementSync;
  readonly #handledNext: StatementSync;
  readonly #handledAdd: StatementSync;
  readonly #handledDelete: StatementSync;

  constructor(db: DatabaseSync) {
    for (const table of ["outbox", "log", "incoming", "meta"] as const) {
      const key = KEY_COLUMN[table];
      this.#checksumOf.set(table, db.prepare(`SELECT checksum FROM ${table} WHERE ${key} = ?`));
      this.#delete.set(table, db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`));
    }
    this.#outboxPut = db.prepare(
      `INSERT OR REPLACE INTO outbox
        (message_id, sequence, lamport, bytes, state, attempts, next_attempt_at, created_at, last_hint, checksum)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#logPut = db.prepare(
      "INSERT OR REPLACE INTO log (message_id, lamport, sender_id, hint, bytes, checksum) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#incomingPut = db.prepare(
      "INSERT OR REPLACE INTO incoming (message_id, bytes, hint, received_at, checksum) VALUES (?, ?, ?, ?, ?)",
    );
    this.#metaPut = db.prepare("INSERT OR REPLACE INTO meta (key, value, checksum) VALUES (?, ?, ?)");
    this.#handledFind = db.prepare("SELECT position, checksum FROM handled WHERE message_id = ?");
    this.#handledNext = db.prepare("SELECT coalesce(max(position), 0) + 1 AS next FROM handled");
    this.#handledAdd = db.prepare("INSERT INTO handled (position, message_id, checksum) VALUES (?, ?, ?)");
    this.#handledDelete = db.prepare("DELETE FROM handled WHERE position = ?");
  }

  /** Runs one (validated) op inside the caller's transaction. */
  apply(op: StorageOp, tally: CommitTally): void {
    switch (op.type) {
      case "outbox-put": {
        const e = op.entry;
        const checksum = this.#replace("outbox", e.messageId, { kind: "outbox", entry: e }, tally);
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
          checksum,
        );
        return;
      }
      case "log-put": {
        const e = op.entry;
        const checksum = this.#replace("log", e.messageId, { kind: "log", entry: e }, tally);
        const lamport = encodeUint64(e.lamportTimestamp);
        this.#logPut.run(
          e.messageId,
          lamport,
          e.senderId,
          e.retrievalHint ?? null,
          e.bytes ?? null,
          checksum,
        );
        return;
      }
      case "incoming-put": {
        const e = op.entry;
        const checksum = this.#replace("incoming", e.messageId, { kind: "incoming", entry: e }, tally);
        this.#incomingPut.run(e.messageId, e.bytes, e.retrievalHint ?? null, e.receivedAt, checksum);
        return;
      }
      case "meta-put": {
        const row = { kind: "meta", key: op.key, value: op.value } as const;
        this.#metaPut.run(op.key, op.value, this.#replace("meta", op.key, row, tally));
        return;
      }
      case "counters":
        tally.raise(op.counters);
        return;
      case "handled-add":
      case "handled-delete":
        this.#handled(op.messageId, op.type === "handled-add", tally);
        return;
      default:
        this.#remove(op, tally);
    }
  }

  /** Counts out the row `key` holds now (if any) and counts in `row`; returns `row`'s checksum. */
  #replace(table: Keyed, key: string, row: StoredRow, tally: CommitTally): Uint8Array {
    this.#countOut(table, key, tally);
    const checksum = rowChecksum(row);
    tally.rows.add(checksum);
    return checksum;
  }

  #countOut(table: Keyed, key: string, tally: CommitTally): boolean {
    const old = this.#checksumOf.get(table)?.get(key);
    if (old === undefined) return false;
    tally.rows.remove(old.checksum);
    return true;
  }

  #remove(op: StorageOp, tally: CommitTally): void {
    const target: [Keyed, string] | undefined =
      op.type === "outbox-delete"
        ? ["outbox", op.messageId]
        : op.type === "log-delete"
          ? ["log", op.messageId]
          : op.type === "incoming-delete"
            ? ["incoming", op.messageId]
            : op.type === "meta-delete"
              ? ["meta", op.key]
              : undefined;
    if (target === undefined) return;
    const [table, key] = target;
    if (this.#countOut(table, key, tally)) this.#delete.get(table)?.run(key);
  }

  /** Adding keeps the first position of an id already there; positions only grow. */
  #handled(messageId: string, add: boolean, tally: CommitTally): void {
    const found = this.#handledFind.get(messageId);
    if (add && found === undefined) {
      const position = Number(this.#handledNext.get()?.next);
      const checksum = rowChecksum({ kind: "handled", position, messageId });
      this.#handledAdd.run(position, messageId, checksum);
      tally.rows.add(checksum);
    }
    if (!add && found !== undefined) {
      tally.rows.remove(found.checksum);
      this.#handledDelete.run(Number(found.position));
    }
  }
}
