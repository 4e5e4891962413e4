import type {
  Counters,
  IncomingEntry,
  LogEntry,
  OutboxEntry,
  StoredChannelState,
} from "@reliable-channel/interfaces";
import { compareBigints, compareMessageIds } from "./compare.js";
import type { StoredRow } from "./row-checksum.js";

/**
 * A channel's {@link StoredChannelState} from its verified rows and counters, lists ordered as the port
 * documents (outbox by sequence, log by Lamport time, incoming by arrival, each then by id; handled ids by
 * position). Durable adapters sort here, in memory, so that a damaged index cannot reorder what they load.
 */
export function storedChannelState(rows: Iterable<StoredRow>, counters: Counters): StoredChannelState {
  const outbox: OutboxEntry[] = [];
  const log: LogEntry[] = [];
  const incoming: IncomingEntry[] = [];
  const handled: { position: number; messageId: string }[] = [];
  const meta: [string, Uint8Array][] = [];
  for (const stored of rows) {
    if (stored.kind === "outbox") outbox.push(stored.entry);
    else if (stored.kind === "log") log.push(stored.entry);
    else if (stored.kind === "incoming") incoming.push(stored.entry);
    else if (stored.kind === "handled") handled.push(stored);
    else meta.push([stored.key, stored.value]);
  }
  return {
    outbox: outbox.sort(
      (a, b) => compareBigints(a.sequence, b.sequence) || compareMessageIds(a.messageId, b.messageId),
    ),
    log: log.sort(
      (a, b) =>
        compareBigints(a.lamportTimestamp, b.lamportTimestamp) || compareMessageIds(a.messageId, b.messageId),
    ),
    incoming: incoming.sort(
      (a, b) => a.receivedAt - b.receivedAt || compareMessageIds(a.messageId, b.messageId),
    ),
    handled: handled.sort((a, b) => a.position - b.position).map((row) => row.messageId),
    counters,
    meta: Object.fromEntries(meta),
  };
}
