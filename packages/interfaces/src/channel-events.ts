import type { MessageId, ParticipantId } from "./ids.js";
import type { DeliveryState, StabilityWatermark } from "./membership.js";
import type { HistoryEntry } from "./sds-message.js";

/**
 * Where one segment stands within a segmented message (a payload over the channel's segment size, sent as
 * several SDS messages). On the events of a segmented message, `messageId` is the logical message's id (what
 * `send` resolved with) and `segment` names the SDS message the event is about.
 */
export interface SegmentProgress {
  /** The segment's own SDS message id. */
  readonly messageId: MessageId;
  /** The segment's position: data segments first (0 … data − 1), then parity segments. */
  readonly index: number;
  /** Segments of the logical message, data + parity. */
  readonly total: number;
  /** Data segments among them: any `data` of the `total` segments rebuild the payload. */
  readonly data: number;
  /**
   * How many distinct segments of the message have had this event so far, this one included (`sending`:
   * publish attempts started, `sent`: published at least once, `acknowledged`: acknowledged).
   */
  readonly done: number;
}

/** `sending`: a publish attempt of one of our messages starts. Repeats once per attempt (retries too). */
export interface SendingEvent {
  readonly messageId: MessageId;
  /** Present for a segment of a segmented message. */
  readonly segment?: SegmentProgress;
  /** 1 for the first publish, 2 for the first retry, ... */
  readonly attempt: number;
}

/** `sent`: a publish attempt succeeded. Repeats once per successful attempt (retries too). */
export interface SentEvent {
  readonly messageId: MessageId;
  /** Present for a segment of a segmented message. */
  readonly segment?: SegmentProgress;
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
  /** Present for a segment of a segmented message. */
  readonly segment?: SegmentProgress;
  /** How many bloom filter hits the message has had so far. */
  readonly count: number;
}

/**
 * `acknowledged`: another participant listed the message in its causal history, so it has it.
 * Fires at most once per message, and never after `send-failed` for the same message (a late
 * acknowledgement of a given-up message is `acknowledged-after-failure`). Together with `send-failed` it is
 * one of the two endings of a sent message: each message accepted by `send` gets exactly one of them,
 * unless the channel stops first (after a restart, an unacknowledged message goes on where it was).
 * A segmented message has one per segment, each with `segment`; it is acknowledged in full when
 * `segment.done === segment.total`.
 */
export interface AcknowledgedEvent {
  readonly messageId: MessageId;
  /** Present for a segment of a segmented message. */
  readonly segment?: SegmentProgress;
  /** The participant whose message carried the acknowledgement, when known. */
  readonly by?: ParticipantId;
}

/**
 * `delivered-to-all`: every member expected to have one of our messages is known to have it (from the causal
 * histories of their messages; bloom hits do not count). The expected members are the roster's when the
 * message was sent, less those removed since, never this participant: a removal may complete a pending
 * message, a member that joined later is not waited for. Fires at most once per message, and only on a
 * channel with a roster (`members` / `setMembers`); it may fire before `acknowledged` when a roster has no
 * other member.
 */
export interface DeliveredToAllEvent {
  readonly messageId: MessageId;
  /** The members it was delivered to (the expected ones at the time), in roster order. */
  readonly members: readonly ParticipantId[];
  /** The roster epoch it was sent in. */
  readonly epoch: number;
}

/**
 * `delivery-state`: what this participant knows of who has one of our messages changed — a member became
 * `known` (from its causal histories) or `possibly` (a bloom hit). The payload is the message's
 * {@link DeliveryState} right after the change, as `deliveryState(id)` returns it (with `deliveredToAll`
 * already true when this change completed it; `delivered-to-all` follows). Only on a channel with a roster
 * (`members` / `setMembers`), for messages still tracked; repeats for each change, and a roster change itself
 * does not fire it (read `deliveryState(id)` after `setMembers`). A segmented payload's segments are tracked
 * under their own ids.
 */
export type DeliveryStateEvent = DeliveryState;

/**
 * `stability-watermark`: the causal-stability watermark of our own messages advanced (see
 * {@link StabilityWatermark}). Fires each time it moves, never backwards; only on a channel with a roster.
 */
export type StabilityWatermarkEvent = StabilityWatermark;

/**
 * `acknowledged-after-failure`: a message that was given up (`send-failed`) was acknowledged afterwards
 * (say, a reader that was away came back and the last publish reached it). Fires at most once per message,
 * only while the channel still runs the session in which it gave the message up. Not an ending: the
 * message's ending stays `send-failed`.
 */
export interface AcknowledgedAfterFailureEvent {
  readonly messageId: MessageId;
  /** The participant whose message carried the acknowledgement, when known. */
  readonly by?: ParticipantId;
}

/**
 * Why a message was given up:
 * - `permanent-error`: the transport refused it for good (too large, invalid);
 * - `retries-exhausted`: `maxSendAttempts` publishes, made while the transport was online, brought no
 *   acknowledgement (only when the app set a limit; by default there is none);
 * - `max-age`: it stayed unacknowledged longer than `maxMessageAgeMs` (only when the app set one).
 */
export type SendFailureReason = "permanent-error" | "retries-exhausted" | "max-age";

/**
 * `send-failed`: the channel stopped trying to publish a message accepted by `send`. Fires at most once per
 * message, never after `acknowledged`; the channel never gives up silently. By default only a permanent
 * transport error ends a message this way: the outbox has no time limit.
 */
export interface SendFailedEvent {
  readonly messageId: MessageId;
  /** Present for a segment of a segmented message (each segment ends on its own). */
  readonly segment?: SegmentProgress;
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
  /**
   * Present for a segmented message (reassembled from segments; `messageId` is then the hex Keccak-256 of the
   * payload): its data and parity segment counts, and how many data segments parity rebuilt.
   */
  readonly segments?: { readonly data: number; readonly parity: number; readonly rebuilt: number };
  /** The message's retrieval hint, when known. */
  readonly retrievalHint?: Uint8Array;
  /**
   * Present (true) when the message is from before this participant joined: history the app asked for
   * (the `history` option). Without that option no message from before the join is ever delivered.
   */
  readonly history?: true;
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
 * Why missing messages were given up (only ids whose bytes this participant does not have):
 * - `not-in-store`: every store query by its retrieval hint came back without it (without SDS-Repair);
 * - `timeout`: it stayed missing longer than `missingTimeoutMs` and nothing can still bring it: its store
 *   queries are over, SDS-Repair stopped asking for it (and the answers to its last request did not come),
 *   and, known without a retrieval hint, a scan of the store by time found nothing (a transport without
 *   `queryRange`: the store's retention since it went missing passed without a hint);
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

/**
 * `recovered`: a message declared `irretrievable` arrived after all (a retrieval hint learned later, a
 * late re-publish, a repair, a catch-up) and was delivered: its `message-received` fired first. Fires at most
 * once per id (while the channel runs the session that gave it up); `sync-status.lost` counts it no more.
 */
export interface RecoveredEvent {
  readonly messageId: MessageId;
}

/**
 * Where the channel stands:
 * - `offline`: the transport says it cannot publish or receive now;
 * - `catching-up`: online, and the catch-up from the store since the last (re)connect has not completed;
 * - `syncing`: caught up, but dependencies are missing;
 * - `synced`: caught up, and every message it knows of is here.
 */
export type SyncStatus = "synced" | "syncing" | "catching-up" | "offline";

/**
 * `sync-status`: fires when the status, the missing / lost counts or `completeUpTo` change (not on every
 * received message).
 */
export interface SyncStatusEvent {
  /**
   * `offline`, `catching-up` (never `synced` before the catch-up since the last (re)connect completed),
   * then `syncing` while any dependency is missing, else `synced`.
   */
  readonly status: SyncStatus;
  /**
   * The time (ms of the channel's clock) up to which the store's messages have all been received: the end of
   * the last completed catch-up. Absent before the first one, or when the transport has no time-range query.
   */
  readonly completeUpTo?: number;
  /** Messages delivered to the app since `start()`. */
  readonly received: number;
  /** Dependencies missing right now. */
  readonly missing: number;
  /** Dependencies given up (irretrievable) since `start()`. */
  readonly lost: number;
}

/**
 * `caught-up`: a catch-up from the store completed (on start, on every reconnect, or to settle whether
 * missing messages are from before the join). Repeats once per catch-up.
 */
export interface CaughtUpEvent {
  /** The start of the time range asked for (ms of the channel's clock). */
  readonly from: number;
  /** The end of the range: from now on `completeUpTo`. */
  readonly to: number;
  /** Payloads the store returned (duplicates of what had arrived included). */
  readonly found: number;
}

/**
 * Why incoming bytes were dropped:
 * - `decrypt-failed`, `invalid`: the transport's bytes (another channel's message on a shared content
 *   topic is ignored quietly, not dropped: `wrong-channel` is no longer emitted);
 * - `invalid-segment`: a segment of a segmented message broke the rules (malformed, more than 256 segments,
 *   an index out of range, counts that disagree with its siblings') or the reassembled payload did not match
 *   its hash (`detail` names which; the whole message is dropped then);
 * - `reassembly-capacity`: a sender had more partial messages, or bytes in them, than the channel keeps; its
 *   oldest partial message was dropped;
 * - `reassembly-timeout`: a partial message did not complete within the reassembly timeout;
 * - `unauthenticated`: the channel has a `signer` and the message is unsigned, or its signature does not
 *   verify against the key its sender id names (`detail` says which).
 */
export type DropReason =
  | "decrypt-failed"
  | "invalid"
  | "wrong-channel"
  | "invalid-segment"
  | "reassembly-capacity"
  | "reassembly-timeout"
  | "unauthenticated";

/** `message-dropped`: bytes from the transport were dropped. Repeats for every such payload. */
export interface MessageDroppedEvent {
  readonly reason: DropReason;
  /** The sender, when the dropped bytes were a segment (or a partial message) of a known participant. */
  readonly senderId?: ParticipantId;
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
  "acknowledged-after-failure": AcknowledgedAfterFailureEvent;
  "delivered-to-all": DeliveredToAllEvent;
  "delivery-state": DeliveryStateEvent;
  "stability-watermark": StabilityWatermarkEvent;
  "send-failed": SendFailedEvent;
  "message-received": MessageReceivedEvent;
  "ephemeral-received": EphemeralReceivedEvent;
  missing: MissingEvent;
  retrieved: RetrievedEvent;
  irretrievable: IrretrievableEvent;
  recovered: RecoveredEvent;
  "sync-status": SyncStatusEvent;
  "caught-up": CaughtUpEvent;
  "message-dropped": MessageDroppedEvent;
  error: ChannelErrorEvent;
}

/** One entry per event: the compiler refuses a missing or an unknown name. */
const EVENT_NAMES: Record<keyof ReliableChannelEvents, true> = {
  sending: true,
  sent: true,
  "possibly-acknowledged": true,
  acknowledged: true,
  "acknowledged-after-failure": true,
  "delivered-to-all": true,
  "delivery-state": true,
  "stability-watermark": true,
  "send-failed": true,
  "message-received": true,
  "ephemeral-received": true,
  missing: true,
  retrieved: true,
  irretrievable: true,
  recovered: true,
  "sync-status": true,
  "caught-up": true,
  "message-dropped": true,
  error: true,
};

/**
 * Every event name of a reliable channel ({@link ReliableChannelEvents}), for code that listens to all of
 * them: recorders, loggers, wrappers that forward every event.
 */
export const RELIABLE_CHANNEL_EVENT_NAMES: readonly (keyof ReliableChannelEvents)[] = Object.freeze(
  Object.keys(EVENT_NAMES) as (keyof ReliableChannelEvents)[],
);
