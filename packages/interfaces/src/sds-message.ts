import type { ChannelId, MessageId, ParticipantId } from "./ids.js";

/**
 * One entry of a causal history or of a repair request (protobuf `HistoryEntry`).
 * `retrievalHint` lets a participant fetch the message it names (for Waku: the message hash);
 * `senderId` names the original sender (used by SDS-Repair).
 */
export interface HistoryEntry {
  readonly messageId: MessageId;
  readonly retrievalHint?: Uint8Array;
  readonly senderId?: ParticipantId;
}

/**
 * The decoded SDS message (protobuf `SdsMessage`), as plain readonly data.
 *
 * Its kind follows from which fields are present:
 * - content: `lamportTimestamp` and `content`;
 * - sync: `lamportTimestamp` only (no content);
 * - ephemeral: `content` only (no `lamportTimestamp`, empty `causalHistory`, no `bloomFilter`).
 */
export interface SdsMessage {
  readonly senderId: ParticipantId;
  readonly messageId: MessageId;
  readonly channelId: ChannelId;
  /** uint64 Lamport timestamp in milliseconds. */
  readonly lamportTimestamp?: bigint;
  readonly causalHistory: readonly HistoryEntry[];
  readonly bloomFilter?: Uint8Array;
  readonly repairRequest: readonly HistoryEntry[];
  readonly content?: Uint8Array;
}

/** The kind of an SDS message, derived from the presence of its fields. */
export type SdsMessageKind = "content" | "sync" | "ephemeral";
