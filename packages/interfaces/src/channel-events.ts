import type { MessageId, ParticipantId } from "./ids.js";
import type { HistoryEntry } from "./sds-message.js";

/** `sending`: a publish attempt of one of our messages starts. Repeats once per attempt (retries too). */
export interface SendingEvent {
  readonly messageId: MessageId;
  /** 1 for the first publish, 2 for the first retry, ... */
  readonly attempt: number;
}

/** `sent`: a publish attempt succeeded. Repeats once per successful attempt (retries too). */
export interface SentEvent {
  readonly messageId: MessageId;
  readonly attempt: number;
  /** How to fetch these bytes from the transport's store later; absent when the transport has no store. */
  readonly retrievalHint?: Uint8Array;
}

/**
 * `possibly-acknowledged`: the message was found in other participants' bloom filters.
 * Repeats each time `count` grows; never fires after `acknowledged`. A bloom hit is never an acknowledgement.
 */
export interface PossiblyAcknowledgedEvent {
  readonly messageId: MessageId;
  /** How many bloom filter hits the message has had so far. */
  readonly count: number;
}

/**
 * `acknowledged`: another participant listed the message in its causal history, so it has it.
 * Fires at most once per message; it may follow `send-failed` when an acknowledgement arrives late.
 */
export interface AcknowledgedEvent {
  readonly messageId: MessageId;
  /** The participant whose message carried the acknowledgement, when known. */
  readonly by?: ParticipantId;
}

/** Why a message was given up. */
export type SendFailureReason = "permanent-error" | "retries-exhausted";

/**
 * `send-failed`: the channel stopped trying to publish a message accepted by `send`. Fires at most once per
 * message; the channel never gives up silently.
 */
export interface SendFailedEvent {
  readonly messageId: MessageId;
  readonly reason: SendFailureReason;
  /** Publish attempts made. */
  readonly attempts: number;
  /** The last transport error, when there was one. */
  readonly error?: unknown;
}

/**
 * `message-received`: a message of another participant is delivered to the app. Fires exactly once per
 * message, never before the messages it causally depends on (unless they were declared irretrievable), and
 * never for our own messages. Messages released together fire in (Lamport, message id) order; concurrent
 * messages that arrive apart fire as they arrive, so two participants may see them in different orders
 * (their local logs still end in the same order).
 */
export interface MessageReceivedEvent {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  /** The message's Lamport timestamp (ms). */
  readonly lamportTimestamp: bigint;
  /** The app payload, exactly as given to the sender's `send`. */
  readonly payload: Uint8Array;
  /** The message's retrieval hint, when known. */
  readonly retrievalHint?: Uint8Array;
}

/**
 * `ephemeral-received`: an ephemeral message of another participant (`sendEphemeral`) arrived. No ordering,
 * no retries, no acknowledgements; it may repeat when the network duplicates it.
 */
export interface EphemeralReceivedEvent {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  readonly payload: Uint8Array;
}

/** `missing`: messages that received messages depend on are not here yet. Each id fires once until resolved. */
export interface MissingEvent {
  /** The missing dependencies, with retrieval hints and senders when known. */
  readonly missing: readonly HistoryEntry[];
}

/** `retrieved`: a missing message was fetched from the transport's store. Fires once per message. */
export interface RetrievedEvent {
  readonly messageId: MessageId;
  readonly retrievalHint: Uint8Array;
}

/**
 * Why missing messages were given up:
 * - `not-in-store`: every retrieval attempt came back without it;
 * - `timeout`: it stayed missing longer than `missingTimeoutMs`;
 * - `capacity`: more messages were missing, or waiting on missing ones, than the SDS core's caps
 *   (`maxMissing`, `maxBufferedMessages`) allow, and it was the oldest gap.
 */
export type IrretrievableReason = "not-in-store" | "timeout" | "capacity";

/**
 * `irretrievable`: missing messages were given up (not in the store after every attempt, or missing for too
 * long); the messages waiting on them were released to the app. Each id fires at most once.
 */
export interface IrretrievableEvent {
  readonly messageIds: readonly MessageId[];
  readonly reason: IrretrievableReason;
  /** Ids of the messages delivered because these were given up (their `message-received` fired first). */
  readonly released: readonly MessageId[];
}

/** Whether the channel has every message it knows of. */
export type SyncStatus = "synced" | "syncing";

/**
 * `sync-status`: fires when the status or the missing / lost counts change (not on every received message).
 */
export interface SyncStatusEvent {
  /** `syncing` while any dependency is missing, else `synced`. */
  readonly status: SyncStatus;
  /** Messages delivered to the app since `start()`. */
  readonly received: number;
  /** Dependencies missing right now. */
  readonly missing: number;
  /** Dependencies given up (irretrievable) since `start()`. */
  readonly lost: number;
}

/** Why incoming bytes were dropped. */
export type DropReason = "decrypt-failed" | "invalid" | "wrong-channel";

/** `message-dropped`: bytes from the transport were dropped. Repeats for every such payload. */
export interface MessageDroppedEvent {
  readonly reason: DropReason;
  /** A human-readable detail (the decoder's reason, the decryption error's message). */
  readonly detail: string;
  readonly error?: unknown;
}

/**
 * `error`: a background operation failed. After a failed storage commit the channel restarts from its
 * last durable state, so what was not committed is received again and delivered then; if that restart
 * fails too, a second `error` says so and the channel stays stopped. Repeats for every failure.
 */
export interface ChannelErrorEvent {
  readonly error: unknown;
  /** What the channel was doing. */
  readonly operation: string;
}

/** The events of a reliable channel, by name. */
export interface ReliableChannelEvents {
  sending: SendingEvent;
  sent: SentEvent;
  "possibly-acknowledged": PossiblyAcknowledgedEvent;
  acknowledged: AcknowledgedEvent;
  "send-failed": SendFailedEvent;
  "message-received": MessageReceivedEvent;
  "ephemeral-received": EphemeralReceivedEvent;
  missing: MissingEvent;
  retrieved: RetrievedEvent;
  irretrievable: IrretrievableEvent;
  "sync-status": SyncStatusEvent;
  "message-dropped": MessageDroppedEvent;
  error: ChannelErrorEvent;
}
