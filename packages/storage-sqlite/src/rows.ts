import {
  type IncomingEntry,
  type LogEntry,
  type OutboxEntry,
  type OutboxState,
  StorageCorruptionError,
} from "@reliable-channel/interfaces";
import { decodeUint64, describe } from "./uint64.js";

/** A row as `node:sqlite` returns it. */
export type Row = Readonly<Record<string, unknown>>;

const OUTBOX_STATES: ReadonlySet<string> = new Set<OutboxState>([
  "pending",
  "sent",
  "possibly-acknowledged",
  "acknowledged",
  "failed",
]);

/** Decodes an outbox row; any value of the wrong shape is a {@link StorageCorruptionError}. */
export function outboxFromRow(row: Row): OutboxEntry {
  const where = `outbox row ${JSON.stringify(row.message_id)}`;
  const state = text(row.state, `${where} state`);
  if (!OUTBOX_STATES.has(state)) throw new StorageCorruptionError(`${where}: unknown state ${state}`);
  const attempts = finite(row.attempts, `${where} attempts`);
  if (!Number.isSafeInteger(attempts) || attempts < 0) {
    throw new StorageCorruptionError(`${where}: attempts ${attempts} is not an integer ≥ 0`);
  }
  const entry = {
    messageId: id(row.message_id, where),
    sequence: decodeUint64(row.sequence, `${where} sequence`),
    lamportTimestamp: decodeUint64(row.lamport, `${where} lamport`),
    bytes: blob(row.bytes, `${where} bytes`),
    state: state as OutboxState,
    attempts,
    nextAttemptAt: finite(row.next_attempt_at, `${where} next_attempt_at`),
    createdAt: finite(row.created_at, `${where} created_at`),
  };
  return row.last_hint === null ? entry : { ...entry, lastHint: blob(row.last_hint, `${where} last_hint`) };
}

/** Decodes a log row; any value of the wrong shape is a {@link StorageCorruptionError}. */
export function logFromRow(row: Row): LogEntry {
  const where = `log row ${JSON.stringify(row.message_id)}`;
  const entry: { -readonly [K in keyof LogEntry]: LogEntry[K] } = {
    messageId: id(row.message_id, where),
    lamportTimestamp: decodeUint64(row.lamport, `${where} lamport`),
    senderId: text(row.sender_id, `${where} sender_id`),
  };
  if (row.hint !== null) entry.retrievalHint = blob(row.hint, `${where} hint`);
  if (row.bytes !== null) entry.bytes = blob(row.bytes, `${where} bytes`);
  return entry;
}

/** Decodes an incoming row; any value of the wrong shape is a {@link StorageCorruptionError}. */
export function incomingFromRow(row: Row): IncomingEntry {
  const where = `incoming row ${JSON.stringify(row.message_id)}`;
  const entry = {
    messageId: id(row.message_id, where),
    bytes: blob(row.bytes, `${where} bytes`),
    receivedAt: finite(row.received_at, `${where} received_at`),
  };
  return row.hint === null ? entry : { ...entry, retrievalHint: blob(row.hint, `${where} hint`) };
}

/** A non-empty TEXT value (message ids, meta keys). */
export function id(value: unknown, where: string): string {
  const result = text(value, `${where} id`);
  if (result.length === 0) throw new StorageCorruptionError(`${where}: empty id`);
  return result;
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string")
    throw new StorageCorruptionError(`${where}: expected TEXT, found ${describe(value)}`);
  return value;
}

/** A BLOB value. */
export function blob(value: unknown, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new StorageCorruptionError(`${where}: expected a BLOB, found ${describe(value)}`);
  }
  return value;
}

function finite(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StorageCorruptionError(`${where}: expected a finite number, found ${describe(value)}`);
  }
  return value;
}
