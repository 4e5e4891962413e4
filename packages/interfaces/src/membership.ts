import type { MessageId, ParticipantId } from "./ids.js";

/**
 * A change of a channel's roster, as the app applied it with `setMembers` (or the `members` option at
 * creation). Changes are local decisions of the app (its group layer, e.g. MLS, decides who belongs),
 * applied in the order they were made; each one starts a new epoch.
 */
export interface MembershipChange {
  /** The epoch this change starts: 1 for the first roster, then one more per change. */
  readonly epoch: number;
  /** Every member from now on (this participant included when the app listed it). */
  readonly members: readonly ParticipantId[];
  /** Members that joined with this change. */
  readonly added: readonly ParticipantId[];
  /** Members that left with this change: they stop counting toward `delivered-to-all`. */
  readonly removed: readonly ParticipantId[];
}

/**
 * What this participant knows of one member's copy of a message:
 * - `known`: the member named the message (or a message whose causal history, followed back, names it) in
 *   the causal history of one of its messages, so it has it;
 * - `possibly`: only its bloom filter says so (a hit is evidence, never proof);
 * - `unknown`: nothing says it has it yet.
 */
export type MemberDelivery = "known" | "possibly" | "unknown";

/** One member's entry of a {@link DeliveryState}. */
export interface MemberDeliveryEntry {
  readonly participantId: ParticipantId;
  readonly state: MemberDelivery;
}

/**
 * Who has one of our messages, on demand (`channel.deliveryState(id)`). Only the members expected to have
 * it are listed: those in the roster when it was sent, less those removed since, never this participant.
 */
export interface DeliveryState {
  readonly messageId: MessageId;
  /** The roster epoch the message was sent in. */
  readonly epoch: number;
  /** Whether every listed member is `known` (then `delivered-to-all` has fired, or fires now). */
  readonly deliveredToAll: boolean;
  /** The expected members, in roster order. */
  readonly members: readonly MemberDeliveryEntry[];
}

/**
 * The causal-stability watermark of this participant's own messages: every member of the roster is known
 * to have every message we sent up to and including `messageId` (the members that joined later are not
 * expected to). Each participant computes its own; a group's stable point is the oldest of them.
 */
export interface StabilityWatermark {
  /** The newest of our messages below which (inclusive) every current member has every one of ours. */
  readonly messageId: MessageId;
  /** Its Lamport timestamp (every message of ours at or below it is stable). */
  readonly lamportTimestamp: bigint;
  /** How many of our messages, sent since the roster was set, are stable in all. */
  readonly stable: number;
}
