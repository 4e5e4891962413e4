import type { RateLimitedError } from "@reliable-channel/interfaces";

/** Why an ephemeral message was dropped. */
export type EphemeralDropReason =
  /** The epoch's usage passed the ephemeral threshold (default 90 % of the quota). */
  | "approached"
  /** The quota is used up for this epoch, or publishes are waiting for a slot. */
  | "reached";

/** Payload of `ephemeral-dropped`. */
export interface EphemeralDroppedEvent {
  readonly reason: EphemeralDropReason;
  /** Publishes counted in the current epoch. */
  readonly used: number;
  /** The quota: messages per epoch. */
  readonly messagesPerEpoch: number;
}

/** Payload of `queue-waiting`. */
export interface QueueWaitingEvent {
  /** Publishes waiting (coalesced ones count once). */
  readonly queued: number;
  /** When (clock ms) the next slot opens: the next epoch, or the end of a wait the network asked for. */
  readonly nextSlotAt: number;
}

/** Payload of `queue-drained`. */
export interface QueueDrainedEvent {
  /** How long (ms) publishes waited since the `queue-waiting` that started this spell. */
  readonly waitedMs: number;
}

/** Payload of `rate-limited`. */
export interface RateLimitedEvent {
  /** The network's refusal. */
  readonly error: RateLimitedError;
  /** When (clock ms) the refused publish is tried again (it stays first in its lane). */
  readonly retryAt: number;
  /** How many times in a row this publish was refused; at the limit it is passed to the caller. */
  readonly rejections: number;
}

/** Events of a rate-limited transport: one map, kebab-case names. */
export interface RateLimitEvents {
  /**
   * An ephemeral publish was dropped, not published and not queued; the publish rejects with
   * `EphemeralDroppedError`. Fires once per dropped ephemeral.
   */
  "ephemeral-dropped": EphemeralDroppedEvent;
  /**
   * Publishes have to wait for a slot: fires when a waiting spell starts and again at each epoch that
   * starts while publishes still wait (with the new figures).
   */
  "queue-waiting": QueueWaitingEvent;
  /** Nothing waits any more: fires once at the end of each waiting spell (after `queue-waiting`). */
  "queue-drained": QueueDrainedEvent;
  /**
   * The network refused a publish for rate reasons (`RateLimitedError`): the manager counts the epoch as
   * used up and holds the queue until `retryAt`. Can repeat.
   */
  "rate-limited": RateLimitedEvent;
}
