import {
  type ChannelId,
  type Counters,
  type IncomingEntry,
  InvalidArgumentError,
  type LogEntry,
  type OutboxEntry,
  StorageCorruptionError,
  type StorageOp,
} from "@reliable-channel/interfaces";
import { validateStorageOps } from "@reliable-channel/storage-memory/helpers";
import type { CountersRecord, IncomingRecord, LogRecord, OutboxRecord } from "./schema.js";

/** A record to store: the entry's fields that are set, plus its channel id and checksum. */
export function toRecord<T extends object>(
  channelId: ChannelId,
  entry: T,
  checksum: Uint8Array,
): T & { readonly channelId: string; readonly checksum: Uint8Array } {
  const fields = Object.entries(entry).filter(([, value]) => value !== undefined);
  return { ...(Object.fromEntries(fields) as T), channelId, checksum };
}

/**
 * Checks a stored record with the same rules a commit's ops are checked with: a record no valid op could have
 * written is corruption.
 */
function check(op: unknown, where: string): void {
  try {
    validateStorageOps([op as StorageOp]);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw new StorageCorruptionError(`${where}: ${error.message}`, { cause: error });
  }
}

function recordShape(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) {
    throw new StorageCorruptionError(`${where}: not an object (${typeof value})`);
  }
  return value as Record<string, unknown>;
}

/** The outbox entry of a stored record; a malformed record is a {@link StorageCorruptionError}. */
export function outboxFromRecord(value: unknown): OutboxEntry {
  const {
    channelId: _channelId,
    checksum: _checksum,
    ...entry
  } = recordShape(value, "outbox record") as unknown as OutboxRecord;
  check({ type: "outbox-put", entry }, `outbox record ${JSON.stringify(entry.messageId)}`);
  return entry;
}

/** The log entry of a stored record; a malformed record is a {@link StorageCorruptionError}. */
export function logFromRecord(value: unknown): LogEntry {
  const {
    channelId: _channelId,
    checksum: _checksum,
    ...entry
  } = recordShape(value, "log record") as unknown as LogRecord;
  check({ type: "log-put", entry }, `log record ${JSON.stringify(entry.messageId)}`);
  return entry;
}

/** The incoming entry of a stored record; a malformed record is a {@link StorageCorruptionError}. */
export function incomingFromRecord(value: unknown): IncomingEntry {
  const {
    channelId: _channelId,
    checksum: _checksum,
    ...entry
  } = recordShape(value, "incoming record") as unknown as IncomingRecord;
  check({ type: "incoming-put", entry }, `incoming record ${JSON.stringify(entry.messageId)}`);
  return entry;
}

/** The message id of a stored handled record. */
export function handledFromRecord(value: unknown): string {
  const { messageId } = recordShape(value, "handled record");
  check({ type: "handled-add", messageId }, "handled record");
  return messageId as string;
}

/** The key and value of a stored meta record. */
export function metaFromRecord(value: unknown): [string, Uint8Array] {
  const { key, value: blob } = recordShape(value, "meta record");
  check({ type: "meta-put", key, value: blob }, `meta record ${JSON.stringify(key)}`);
  return [key as string, blob as Uint8Array];
}

/** The counters of a stored record (zero when the channel has none yet). */
export function countersFromRecord(value: CountersRecord | undefined): Counters {
  if (value === undefined) return { lamportTimestamp: 0n, sequence: 0n };
  const { lamportTimestamp, sequence } = recordShape(value, "counters record");
  if (typeof lamportTimestamp !== "bigint" || typeof sequence !== "bigint") {
    throw new StorageCorruptionError("counters record: the Lamport timestamp and sequence must be bigints");
  }
  check({ type: "counters", counters: { lamportTimestamp, sequence } }, "counters record");
  return { lamportTimestamp, sequence };
}
