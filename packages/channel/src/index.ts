/**
 * The reliable channel: `createReliableChannel(...)` — send, typed events, retries with backoff, retrieval
 * of missing messages, encryption of the whole SDS message, and a durable outbox.
 * @packageDocumentation
 */

export type {
  AcknowledgedAfterFailureEvent,
  AcknowledgedEvent,
  CaughtUpEvent,
  ChannelErrorEvent,
  DeliveredToAllEvent,
  DeliveryState,
  EphemeralReceivedEvent,
  IrretrievableEvent,
  MemberDelivery,
  MemberDeliveryEntry,
  MembershipChange,
  MessageDroppedEvent,
  MessageReceivedEvent,
  MissingEvent,
  PossiblyAcknowledgedEvent,
  RecoveredEvent,
  ReliableChannelEvents,
  RetrievedEvent,
  SegmentProgress,
  SendFailedEvent,
  SendingEvent,
  SentEvent,
  StabilityWatermark,
  StabilityWatermarkEvent,
  SyncStatusEvent,
} from "@reliable-channel/interfaces";
// The channel's default logger lives in @reliable-channel/interfaces; re-exported here.
export { silentLogger } from "@reliable-channel/interfaces";
export type { BackoffPolicy } from "./backoff.js";
export {
  createReliableChannel,
  type ReliableChannelInit,
  type SdsCoreOptions,
} from "./create-reliable-channel.js";
export { cryptoRandom } from "./crypto-random.js";
export * from "./defaults.js";
export type { HistoryRequest, ReliableChannelOptions } from "./options.js";
export type { ChannelState, ReliableChannel } from "./reliable-channel.js";
export type { ChannelRepair, RepairComponents, RepairFactory, RepairPlugin } from "./repair-port.js";
export {
  type ChannelSegmentationOptions,
  DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
  DEFAULT_MAX_PARTIAL_MESSAGES,
  DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  DEFAULT_SEGMENT_SIZE,
  defaultSegmentationProfile,
} from "./segmentation-options.js";
export { defaultSharedClock, type SharedClock, sharedClock } from "./shared-clock.js";
export { systemClock } from "./system-clock.js";
export { WireProfileMismatchError } from "./wire-profile-check.js";
