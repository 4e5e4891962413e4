/**
 * Ports, domain types and typed errors shared by every `@reliable-channel/*` package.
 * Almost no runtime code: the errors and a typed emitter.
 * @packageDocumentation
 */
export type {
  AcknowledgedAfterFailureEvent,
  AcknowledgedEvent,
  CaughtUpEvent,
  ChannelErrorEvent,
  DeliveredToAllEvent,
  DeliveryStateEvent,
  DropReason,
  EphemeralReceivedEvent,
  IrretrievableEvent,
  IrretrievableReason,
  MessageDroppedEvent,
  MessageReceivedEvent,
  MissingEvent,
  PossiblyAcknowledgedEvent,
  RecoveredEvent,
  ReliableChannelEvents,
  RetrievedEvent,
  SegmentProgress,
  SendFailedEvent,
  SendFailureReason,
  SendingEvent,
  SentEvent,
  StabilityWatermarkEvent,
  SyncStatus,
  SyncStatusEvent,
} from "./channel-events.js";
export { RELIABLE_CHANNEL_EVENT_NAMES } from "./channel-events.js";
export type { Cancel, Clock, Random } from "./clock.js";
export type { Encryption } from "./encryption.js";
export {
  DecodeError,
  DecryptionError,
  type ErrorOptions,
  InvalidArgumentError,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  RateLimitedError,
  ReliableChannelError,
  StorageClosedError,
  StorageCorruptionError,
  StorageError,
  StorageLockedError,
  TransientTransportError,
  TransportError,
} from "./errors.js";
export type { ChannelId, MessageId, ParticipantId } from "./ids.js";
export { type LogFields, type Logger, silentLogger } from "./logger.js";
export type {
  DeliveryState,
  MemberDelivery,
  MemberDeliveryEntry,
  MembershipChange,
  StabilityWatermark,
} from "./membership.js";
export { checkQueryRange } from "./query-range.js";
export type { HistoryEntry, SdsMessage, SdsMessageKind } from "./sds-message.js";
export { createSeededRandom, type SeededRandom } from "./seeded-random.js";
export { SignatureError, type SignatureFailure, type Signer } from "./signer.js";
export type {
  ChannelStorage,
  Counters,
  IncomingEntry,
  LogEntry,
  OpenOptions,
  OutboxEntry,
  OutboxState,
  Storage,
  StorageOp,
  StoredChannelState,
} from "./storage.js";
export type {
  ConnectivityListener,
  IncomingMeta,
  PublishKind,
  PublishOptions,
  PublishResult,
  QueryRangeOptions,
  RetrievedPayload,
  RetrieveOptions,
  StoredPayload,
  TimeRange,
  Transport,
  TransportConnectivity,
  TransportListener,
} from "./transport.js";
export { type EventListener, TypedEmitter } from "./typed-emitter.js";
