import type {
  HistoryEntry,
  MessageId,
  ParticipantId,
  SdsMessage,
  StorageOp,
} from "@reliable-channel/interfaces";

/**
 * The storage changes an operation of the core caused, in the storage port's vocabulary: log rows, the
 * delivered ids (and those its window forgot), buffered messages, our outbox entries as built and
 * acknowledged, released ids (`meta` rows under `sds/released/`), and the counters. Commit them as
 * given, in order, before acting on the result (see `SdsCore.checkpoint` for the rest of the state).
 */
export interface StorageChanges {
  readonly changes: readonly StorageOp[];
}

/** What {@link SdsCore.send} returns. */
export interface SendResult extends StorageChanges {
  readonly message: SdsMessage;
  /** The encoded message, to encrypt and publish (and re-publish unchanged until acknowledged). */
  readonly bytes: Uint8Array;
  /** Our per-sender sequence number of this message (1, 2, 3, ...). */
  readonly sequence: bigint;
}

/** What {@link SdsCore.sync} and {@link SdsCore.ephemeral} return: a message not kept anywhere. */
export interface BuiltMessage extends StorageChanges {
  readonly message: SdsMessage;
  readonly bytes: Uint8Array;
}

/** A content message handed to the app: in causal order, exactly once. */
export interface DeliveredMessage {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  /** The sender's Lamport timestamp (ms); 0 for an ephemeral message, which has none. */
  readonly lamportTimestamp: bigint;
  readonly content: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  /** The encoded SDS message as received. */
  readonly bytes: Uint8Array;
  /**
   * Dependencies this message was released without (declared lost or irretrievable, or from before our
   * join point). Empty in the normal case.
   */
  readonly skippedDependencies: readonly MessageId[];
  /** Present (true) when the message is from before our join point: history the app asked for. */
  readonly history?: true;
}

/**
 * What happened to received bytes:
 * - `delivered`: the message (and perhaps a chain it completed) was delivered;
 * - `buffered`: it waits for dependencies (see `missing`) or for local time to reach its timestamp;
 * - `duplicate`: already delivered, buffered, or older than the dedupe window;
 * - `own-echo`: sent by our participant id (never delivered back);
 * - `sync` / `ephemeral`: a sync message (acks only) / an ephemeral one (in `delivered`, not logged);
 * - `pre-join`: a content message from before our join point and older than the wanted history: seen,
 *   satisfies what depends on it, never delivered;
 * - `invalid`: undecodable or unusable (see `reason`); `wrong-channel`: another channel's message.
 */
export type ReceiveOutcome =
  | "delivered"
  | "buffered"
  | "duplicate"
  | "own-echo"
  | "sync"
  | "ephemeral"
  | "pre-join"
  | "invalid"
  | "wrong-channel";

/** A bloom-filter hit on one of our outgoing messages. */
export interface PossibleAck {
  readonly messageId: MessageId;
  /** Distinct other participants whose filter has shown it so far. */
  readonly count: number;
}

/** What {@link SdsCore.receive} returns. Every list is empty when nothing of the kind happened. */
export interface ReceiveResult extends StorageChanges {
  readonly outcome: ReceiveOutcome;
  readonly reason?: string;
  /** The decoded message, when decoding succeeded. */
  readonly message?: SdsMessage;
  /** Delivered messages in causal order (Lamport, then id, among concurrent ones), each exactly once. */
  readonly delivered: readonly DeliveredMessage[];
  /** Dependencies newly found missing, with hints and sender ids when known. */
  readonly missing: readonly HistoryEntry[];
  /** Our messages newly acknowledged (named in a causal history, or promoted from bloom hits). */
  readonly acknowledged: readonly MessageId[];
  /** Our messages newly seen in a bloom filter (not yet acknowledged). */
  readonly possiblyAcknowledged: readonly PossibleAck[];
  /**
   * Dependencies declared lost now because a cap forced their dependents out early (`maxBufferedMessages`,
   * `maxMissing`); those dependents are in `delivered`. Empty unless a cap was hit.
   */
  readonly lost: readonly HistoryEntry[];
}

/** What {@link SdsCore.sweep} returns. */
export interface SweepResult extends StorageChanges {
  readonly delivered: readonly DeliveredMessage[];
  /** Dependencies newly missing (none in practice: kept for symmetry with `receive`). */
  readonly missing: readonly HistoryEntry[];
  /** Dependencies declared lost now; their dependents were released (and are in `delivered`). */
  readonly lost: readonly HistoryEntry[];
}

/** One of our messages not yet acknowledged. */
export interface OutgoingEntry {
  readonly messageId: MessageId;
  readonly state: "unacknowledged" | "possibly-acknowledged";
  readonly bytes: Uint8Array;
  readonly lamportTimestamp: bigint;
  readonly sequence: bigint;
}
