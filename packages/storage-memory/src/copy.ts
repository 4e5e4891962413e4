import type { IncomingEntry, LogEntry, OutboxEntry } from "@reliable-channel/interfaces";

/** A copy of an outbox entry with its own byte arrays and no `undefined`-valued optional fields. */
export function copyOutbox(entry: OutboxEntry): OutboxEntry {
  const { messageId, sequence, lamportTimestamp, bytes, state, attempts, nextAttemptAt, createdAt } = entry;
  const copy = {
    messageId,
    sequence,
    lamportTimestamp,
    bytes: copyBytes(bytes),
    state,
    attempts,
    nextAttemptAt,
    createdAt,
  };
  return entry.lastHint === undefined ? copy : { ...copy, lastHint: copyBytes(entry.lastHint) };
}

/** A copy of a log entry with its own byte arrays and no `undefined`-valued optional fields. */
export function copyLog(entry: LogEntry): LogEntry {
  const copy: { -readonly [K in keyof LogEntry]: LogEntry[K] } = {
    messageId: entry.messageId,
    lamportTimestamp: entry.lamportTimestamp,
    senderId: entry.senderId,
  };
  if (entry.retrievalHint !== undefined) copy.retrievalHint = copyBytes(entry.retrievalHint);
  if (entry.bytes !== undefined) copy.bytes = copyBytes(entry.bytes);
  return copy;
}

/** A copy of an incoming entry with its own byte arrays and no `undefined`-valued optional fields. */
export function copyIncoming(entry: IncomingEntry): IncomingEntry {
  const { messageId, bytes, receivedAt } = entry;
  const copy = { messageId, bytes: copyBytes(bytes), receivedAt };
  return entry.retrievalHint === undefined
    ? copy
    : { ...copy, retrievalHint: copyBytes(entry.retrievalHint) };
}

/** A plain `Uint8Array` copy (a `Buffer`'s own `slice` would share memory). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
