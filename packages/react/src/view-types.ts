import type {
  MessageId,
  ParticipantId,
  SendFailureReason,
  SyncStatusEvent,
} from "@reliable-channel/interfaces";

/** A message of another participant, as delivered by the channel (`message-received`). */
export interface ReceivedMessage {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  /** The message's Lamport timestamp (ms). */
  readonly lamportTimestamp: bigint;
  readonly payload: Uint8Array;
  /** Present (true) for history from before this participant joined. */
  readonly history?: true;
}

/**
 * Where one of our messages stands:
 * - `sending`: accepted by `send` (durable in the outbox), not published yet;
 * - `sent`: published at least once, not acknowledged yet (retries do not take it back to `sending`);
 * - `acknowledged`: another participant named it in its causal history, so it has it;
 * - `failed`: the channel gave it up (`send-failed`).
 */
export type SendState = "sending" | "sent" | "acknowledged" | "failed";

/** One of our messages and where it stands. A new object each time anything about it changes. */
export interface SentMessage {
  readonly messageId: MessageId;
  readonly payload: Uint8Array;
  readonly state: SendState;
  /** Publish attempts started so far (retries included). */
  readonly attempts: number;
  /** Bloom filter hits so far: others probably have it (never an acknowledgement). */
  readonly possiblyAcknowledged: number;
  /**
   * The participant whose message acknowledged it, when known. The channel reports the first acknowledger
   * only; set on `acknowledged`, and on `acknowledged-after-failure` (the state then stays `failed`).
   */
  readonly acknowledgedBy?: ParticipantId;
  /** Why it was given up, when `state` is `failed`. */
  readonly failure?: SendFailureReason;
  /**
   * Who has it, on a channel with a roster (`members` / `setMembers`); absent without one. Updated on the
   * channel's `delivery-state` and `delivered-to-all` events; kept as it was last said once the channel
   * stops tracking the message (past the stability watermark, or after a restart).
   */
  readonly delivery?: SentDelivery;
}

/**
 * Who has one of our messages: the channel's `DeliveryState` as lists. Only the members expected to have it
 * are counted (the roster's when it was sent, less those removed since, never this participant).
 */
export interface SentDelivery {
  /** The roster epoch it was sent in. */
  readonly epoch: number;
  /** The members expected to have it, in roster order. */
  readonly members: readonly ParticipantId[];
  /** Those known to have it (a message of theirs names it, directly or through its causal history): "seen by". */
  readonly knownBy: readonly ParticipantId[];
  /** Those whose bloom filter says they may have it, not known yet (evidence, never proof). */
  readonly possiblyBy: readonly ParticipantId[];
  /** Every expected member is known to have it (`delivered-to-all`); final once true. */
  readonly deliveredToAll: boolean;
}

/** One line of the conversation in local order: ours as we sent them, others' as they were delivered. */
export type ConversationEntry =
  | { readonly own: false; readonly message: ReceivedMessage }
  | { readonly own: true; readonly message: SentMessage };

/** What the channel says about its sync, with the ids behind the counts. */
export interface SyncView {
  /** The last `sync-status` payload. */
  readonly status: SyncStatusEvent;
  /** Dependencies missing right now (from `missing`, until received, retrieved or given up). */
  readonly missing: readonly MessageId[];
  /** Missing messages fetched from the store (`retrieved`) so far. */
  readonly retrieved: readonly MessageId[];
  /** Messages given up (`irretrievable`) that have not turned up since. */
  readonly lost: readonly MessageId[];
  /** Messages given up that turned up after all (`recovered`). */
  readonly recovered: readonly MessageId[];
}
