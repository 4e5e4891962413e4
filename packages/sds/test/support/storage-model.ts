import type {
  IncomingEntry,
  LogEntry,
  MessageId,
  OutboxEntry,
  StorageOp,
  StoredChannelState,
} from "@reliable-channel/interfaces";

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A storage port's channel state as a plain model: `apply` commits ops as the port's contract says,
 * `load` returns what a restart would see, ordered as documented on `StoredChannelState`.
 */
export function storageModel() {
  const outbox = new Map<MessageId, OutboxEntry>();
  const log = new Map<MessageId, LogEntry>();
  const incoming = new Map<MessageId, IncomingEntry>();
  const handled = new Set<MessageId>();
  const meta = new Map<string, Uint8Array>();
  const counters = { lamportTimestamp: 0n, sequence: 0n };
  const apply = (ops: readonly StorageOp[]): void => {
    for (const op of ops) {
      if (op.type === "outbox-put") outbox.set(op.entry.messageId, op.entry);
      else if (op.type === "outbox-delete") outbox.delete(op.messageId);
      else if (op.type === "log-put") log.set(op.entry.messageId, op.entry);
      else if (op.type === "log-delete") log.delete(op.messageId);
      else if (op.type === "incoming-put") incoming.set(op.entry.messageId, op.entry);
      else if (op.type === "incoming-delete") incoming.delete(op.messageId);
      else if (op.type === "handled-add") handled.add(op.messageId);
      else if (op.type === "handled-delete") handled.delete(op.messageId);
      else if (op.type === "meta-put") meta.set(op.key, op.value.slice());
      else if (op.type === "meta-delete") meta.delete(op.key);
      else {
        const { lamportTimestamp, sequence } = op.counters;
        if (lamportTimestamp !== undefined && lamportTimestamp > counters.lamportTimestamp)
          counters.lamportTimestamp = lamportTimestamp;
        if (sequence !== undefined && sequence > counters.sequence) counters.sequence = sequence;
      }
    }
  };
  const load = (): StoredChannelState => ({
    outbox: [...outbox.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1)),
    log: [...log.values()].sort((a, b) =>
      a.lamportTimestamp === b.lamportTimestamp
        ? byId(a.messageId, b.messageId)
        : a.lamportTimestamp < b.lamportTimestamp
          ? -1
          : 1,
    ),
    incoming: [...incoming.values()].sort((a, b) =>
      a.receivedAt === b.receivedAt ? byId(a.messageId, b.messageId) : a.receivedAt - b.receivedAt,
    ),
    handled: [...handled],
    counters: { ...counters },
    meta: Object.fromEntries(meta),
  });
  /** Bytes of every meta blob (the checkpoint and the released-id rows). */
  const metaBytes = (): number => [...meta.values()].reduce((sum, v) => sum + v.length, 0);
  return { apply, load, metaBytes };
}
