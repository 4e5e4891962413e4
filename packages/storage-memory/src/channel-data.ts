import type {
  Counters,
  IncomingEntry,
  LogEntry,
  MessageId,
  OutboxEntry,
  StorageOp,
  StoredChannelState,
} from "@reliable-channel/interfaces";
import { compareBigints, compareMessageIds } from "./compare.js";
import { copyBytes, copyIncoming, copyLog, copyOutbox } from "./copy.js";

/** One channel's state held in memory; `apply` expects ops already validated. */
export class ChannelData {
  readonly #outbox = new Map<MessageId, OutboxEntry>();
  readonly #log = new Map<MessageId, LogEntry>();
  readonly #incoming = new Map<MessageId, IncomingEntry>();
  /** Insertion-ordered: a Map keeps the position of the first `set` of a key. */
  readonly #handled = new Set<MessageId>();
  readonly #meta = new Map<string, Uint8Array>();
  #counters: Counters = { lamportTimestamp: 0n, sequence: 0n };

  /** Applies one op; byte arrays are copied so later changes by the caller do not leak in. */
  apply(op: StorageOp): void {
    switch (op.type) {
      case "outbox-put":
        this.#outbox.set(op.entry.messageId, copyOutbox(op.entry));
        return;
      case "outbox-delete":
        this.#outbox.delete(op.messageId);
        return;
      case "log-put":
        this.#log.set(op.entry.messageId, copyLog(op.entry));
        return;
      case "log-delete":
        this.#log.delete(op.messageId);
        return;
      case "incoming-put":
        this.#incoming.set(op.entry.messageId, copyIncoming(op.entry));
        return;
      case "incoming-delete":
        this.#incoming.delete(op.messageId);
        return;
      case "handled-add":
        this.#handled.add(op.messageId);
        return;
      case "handled-delete":
        this.#handled.delete(op.messageId);
        return;
      case "counters":
        this.#raise(op.counters);
        return;
      case "meta-put":
        this.#meta.set(op.key, copyBytes(op.value));
        return;
      case "meta-delete":
        this.#meta.delete(op.key);
        return;
    }
  }

  /** A deep copy of the state, lists ordered as {@link StoredChannelState} documents. */
  snapshot(): StoredChannelState {
    return {
      outbox: [...this.#outbox.values()]
        .sort((a, b) => compareBigints(a.sequence, b.sequence) || compareMessageIds(a.messageId, b.messageId))
        .map(copyOutbox),
      log: [...this.#log.values()]
        .sort(
          (a, b) =>
            compareBigints(a.lamportTimestamp, b.lamportTimestamp) ||
            compareMessageIds(a.messageId, b.messageId),
        )
        .map(copyLog),
      incoming: [...this.#incoming.values()]
        .sort((a, b) => a.receivedAt - b.receivedAt || compareMessageIds(a.messageId, b.messageId))
        .map(copyIncoming),
      handled: [...this.#handled],
      counters: { ...this.#counters },
      meta: Object.fromEntries([...this.#meta].map(([key, value]) => [key, copyBytes(value)])),
    };
  }

  #raise(counters: Partial<Counters>): void {
    const { lamportTimestamp, sequence } = this.#counters;
    this.#counters = {
      lamportTimestamp: max(lamportTimestamp, counters.lamportTimestamp),
      sequence: max(sequence, counters.sequence),
    };
  }
}

function max(current: bigint, proposed: bigint | undefined): bigint {
  return proposed !== undefined && proposed > current ? proposed : current;
}
