/**
 * Scalable Data Sync (SDS, spec 109) as a pure, deterministic state machine over two wire profiles —
 * @waku/sds 0.0.8's (the default) and nim-sds's: codecs, bloom filter profiles, Lamport clock, causal
 * history, buffers and acks. The nim-sds profile's codec, bloom wrapping and FarmHash64 are at
 * `@reliable-channel/sds/nim-sds` (with `WIRE_PROFILES` and `wireProfile(name)`), so that a bundle for
 * the js-waku wire leaves them out. The rolling bloom filter (`createRollingBloom`) is here and, with the
 * building blocks that sibling packages share (filter bit access, the min-heap), at
 * `@reliable-channel/sds/internals`.
 * @packageDocumentation
 */

export { BLOOM_HASHES, type BloomHash, type BloomHasher } from "./bloom-hash.js";
export {
  BLOOM_ATTACHMENTS,
  type BloomAttachment,
  type BloomProfile,
  bloomPositions,
  type CompactBloomOptions,
  compactBloom,
  DEFAULT_COMPACT_BLOOM_CAPACITY,
  DEFAULT_COMPACT_BLOOM_FALSE_POSITIVE_RATE,
  nimSdsBloom,
  wakuCompatBloom,
} from "./bloom-profile.js";
export { decodeSdsMessage, encodeSdsMessage, sdsMessageKind } from "./codec.js";
export type {
  ExportOptions,
  SavedIncoming,
  SdsCore,
  SdsCoreInit,
  SdsRestoreState,
  SweepOptions,
} from "./core-types.js";
export * from "./defaults.js";
export type { DeliveredFloorsState, FloorRecord, GenerationOrigins } from "./delivered-floors.js";
export type { SdsExtension } from "./extension.js";
export { FLOOR_KEYS } from "./floor-rows.js";
export type { LogRecord } from "./local-log.js";
export { type ContentIdInput, contentMessageId, ephemeralMessageId, syncMessageId } from "./message-id.js";
export type { OutgoingState } from "./outgoing.js";
export { restoreFromStorage } from "./restore-storage.js";
export type {
  BuiltMessage,
  DeliveredMessage,
  OutgoingEntry,
  PossibleAck,
  ReceiveOutcome,
  ReceiveResult,
  SendResult,
  StorageChanges,
  SweepResult,
} from "./results.js";
export {
  createRollingBloom,
  type RollingBloom,
  type RollingBloomState,
} from "./rolling-bloom.js";
export { createSdsCore } from "./sds-core.js";
export { LEGACY_SNAPSHOT_KEY, SNAPSHOT_KEYS, SNAPSHOT_VERSION } from "./snapshot.js";
export { RELEASED_KEY_PREFIX } from "./state-changes.js";
export { decodeState, encodeState } from "./state-codec.js";
export {
  jsWakuWire,
  type ReceivedFilter,
  WIRE_PROFILE_NAMES,
  type WireProfile,
  type WireProfileName,
} from "./wire-profile.js";
