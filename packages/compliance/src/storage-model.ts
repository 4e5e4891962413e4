import type {
  Counters,
  IncomingEntry,
  LogEntry,
  MessageId,
  OutboxEntry,
  StorageOp,
  StoredChannelState,
} from "@reliable-channel/interfaces";

const utf8 = new TextEncoder();

/** Byte-wise comparison of the UTF-8 encodings (the port's "message id in byte order"). */
function byBytes(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

function byBigint(a: bigint, b: bigint): number {
  return Number(a - b > 0n) - Number(a - b < 0n);
}

/**
 * The port's semantics written as plainly as possible, to compare adapters against (package-private).
 * Ops are assumed valid.
 */
export class StorageModel {
  readonly #outbox = new Map<MessageId, OutboxEntry>();
  readonly #log = new Map<MessageId, LogEntry>();
  readonly #incoming = new Map<MessageId, IncomingEntry>();
  #handled: MessageId[] = [];
  readonly #meta = new Map<string, Uint8Array>();
  #counters: Counters = { lamportTimestamp: 0n, sequence: 0n };

  /** Applies a commit's ops in order. */
  commit(ops: readonly StorageOp[]): void {
    for (const op of ops) this.#apply(op);
  }

  /** What `load` must return. */
  state(): StoredChannelState {
    return {
      outbox: [...this.#outbox.values()].sort(
        (a, b) => byBigint(a.sequence, b.sequence) || byBytes(a.messageId, b.messageId),
      ),
      log: [...this.#log.values()].sort(
        (a, b) => byBigint(a.lamportTimestamp, b.lamportTimestamp) || byBytes(a.messageId, b.messageId),
      ),
      incoming: [...this.#incoming.values()].sort(
        (a, b) => a.receivedAt - b.receivedAt || byBytes(a.messageId, b.messageId),
      ),
      handled: [...this.#handled],
      counters: this.#counters,
      meta: Object.fromEntries(this.#meta),
    };
  }

  #apply(op: StorageOp): void {
    if (op.type === "outbox-put") this.#outbox.set(op.entry.messageId, op.entry);
    else if (op.type === "outbox-delete") this.#outbox.delete(op.messageId);
    else if (op.type === "log-put") this.#log.set(op.entry.messageId, op.entry);
    else if (op.type === "log-delete") this.#log.delete(op.messageId);
    else if (op.type === "incoming-put") this.#incoming.set(op.entry.messageId, op.entry);
    else if (op.type === "incoming-delete") this.#incoming.delete(op.messageId);
    else if (op.type === "handled-add" && !this.#handled.includes(op.messageId))
      this.#handled.push(op.messageId);
    else if (op.type === "handled-delete") this.#handled = this.#handled.filter((id) => id !== op.messageId);
    else if (op.type === "meta-put") this.#meta.set(op.key, op.value);
    else if (op.type === "meta-delete") this.#meta.delete(op.key);
    else if (op.type === "counters") this.#raise(op.counters);
  }

  #raise({ lamportTimestamp, sequence }: Partial<Counters>): void {
    const current = this.#counters;
    this.#counters = {
      lamportTimestamp:
        lamportTimestamp !== undefined && lamportTimestamp > current.lamportTimestamp
          ? lamportTimestamp
          : current.lamportTimestamp,
      sequence: sequence !== undefined && sequence > current.sequence ? sequence : current.sequence,
    };
  }
}
