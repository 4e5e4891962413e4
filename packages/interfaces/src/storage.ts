import type { ChannelId, MessageId, ParticipantId } from "./ids.js";

/** Where an outgoing message stands. */
export type OutboxState = "pending" | "sent" | "possibly-acknowledged" | "acknowledged" | "failed";

/** A message accepted by `send`, kept durably until it is acknowledged or given up. */
export interface OutboxEntry {
  readonly messageId: MessageId;
  /** Per-sender sequence number, strictly increasing; the outbox replays in this order. */
  readonly sequence: bigint;
  readonly lamportTimestamp: bigint;
  /** The encoded SDS message (before encryption). */
  readonly bytes: Uint8Array;
  readonly state: OutboxState;
  readonly attempts: number;
  /** When (clock ms) the next publish attempt is due. */
  readonly nextAttemptAt: number;
  readonly createdAt: number;
  /** The retrieval hint of the last successful publish. */
  readonly lastHint?: Uint8Array;
}

/** A message in the local log (delivered, or sent by us), ordered by (Lamport, message id). */
export interface LogEntry {
  readonly messageId: MessageId;
  readonly lamportTimestamp: bigint;
  readonly senderId: ParticipantId;
  readonly retrievalHint?: Uint8Array;
  /** The full encoded SDS message, kept for a while so SDS-Repair can re-emit it. */
  readonly bytes?: Uint8Array;
}

/** A received message waiting in the incoming buffer for its dependencies. */
export interface IncomingEntry {
  readonly messageId: MessageId;
  /** The encoded SDS message (after decryption). */
  readonly bytes: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  readonly receivedAt: number;
}

/**
 * Counters that never go backwards: storage keeps the maximum of what it is given.
 * Like every bigint in storage records, they are uint64 (`0 ≤ n ≤ 2^64 − 1`).
 */
export interface Counters {
  readonly lamportTimestamp: bigint;
  readonly sequence: bigint;
}

/** Everything stored for one channel, as loaded at start. Lists are ordered as documented on each type. */
export interface StoredChannelState {
  /** Ordered by `sequence`. */
  readonly outbox: readonly OutboxEntry[];
  /** Ordered by (`lamportTimestamp`, `messageId` in byte order). */
  readonly log: readonly LogEntry[];
  /** Ordered by `receivedAt`, then `messageId`. */
  readonly incoming: readonly IncomingEntry[];
  /**
   * Ids already handed to the app (or ours), so nothing is delivered twice across restarts. Ordered by when
   * each was first added (adding a present id again keeps its place), so the oldest can be pruned first.
   */
  readonly handled: readonly MessageId[];
  readonly counters: Counters;
  /** Opaque blobs by key: bloom filter state, join point, plug-in state. */
  readonly meta: Readonly<Record<string, Uint8Array>>;
}

/** One change inside an atomic {@link ChannelStorage.commit}. A put replaces any entry with the same id. */
export type StorageOp =
  | { readonly type: "outbox-put"; readonly entry: OutboxEntry }
  | { readonly type: "outbox-delete"; readonly messageId: MessageId }
  | { readonly type: "log-put"; readonly entry: LogEntry }
  | { readonly type: "log-delete"; readonly messageId: MessageId }
  | { readonly type: "incoming-put"; readonly entry: IncomingEntry }
  | { readonly type: "incoming-delete"; readonly messageId: MessageId }
  | { readonly type: "handled-add"; readonly messageId: MessageId }
  | { readonly type: "handled-delete"; readonly messageId: MessageId }
  /** Raises the counters to at least these values (a lower value is ignored, never stored). */
  | { readonly type: "counters"; readonly counters: Partial<Counters> }
  | { readonly type: "meta-put"; readonly key: string; readonly value: Uint8Array }
  | { readonly type: "meta-delete"; readonly key: string };

/** Options of {@link Storage.open}. */
export interface OpenOptions {
  /** Aborts the open: it then rejects with the signal's reason and holds nothing. */
  readonly signal?: AbortSignal;
}

/**
 * The storage port: durable state of any number of channels.
 *
 * Contract (checked by `@reliable-channel/compliance`):
 * - `open` gives exclusive access to one channel's state; a second `open` of the same channel while the
 *   first handle is open rejects with `StorageLockedError` (across processes too, for durable adapters).
 * - `commit` applies all its ops atomically and durably before it resolves, in order; commits are
 *   serialized. A failed commit changes nothing.
 * - `load` after a restart returns exactly what the committed ops produced, ordered as documented.
 * - damaged data rejects `open` or `load` with `StorageCorruptionError`: a row that cannot be read back, or
 *   (for durable adapters) a row changed, lost or brought back from an older commit, a store emptied or
 *   replaced. It is never skipped, and a damaged store never loads as a different state or a new channel.
 * - a commit holding an invalid op (a bigint outside uint64, an empty message id or meta key, an id, key or
 *   sender id holding a lone surrogate, a non-finite time, bytes that are not a `Uint8Array`, an unknown op
 *   type) rejects with `InvalidArgumentError` and changes nothing; so does `open` of a channel id holding a
 *   lone surrogate (no adapter could give it back exactly).
 * - byte arrays are copied in and out: changing them after `commit` or `load` does not change the store.
 */
export interface Storage {
  open(channelId: ChannelId, options?: OpenOptions): Promise<ChannelStorage>;
  /** Closes the storage and every handle still open. Idempotent. */
  close(): Promise<void>;
}

/** Exclusive access to one channel's durable state, from {@link Storage.open}. */
export interface ChannelStorage {
  readonly channelId: ChannelId;
  load(): Promise<StoredChannelState>;
  commit(ops: readonly StorageOp[]): Promise<void>;
  /** Releases the channel; later calls reject with `StorageClosedError`. Idempotent. */
  close(): Promise<void>;
}
