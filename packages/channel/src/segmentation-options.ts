import type { WireProfileName } from "@reliable-channel/sds";
import { lip243, type SegmentationProfile, statusGo } from "@reliable-channel/segmentation";
import { DEFAULT_SEGMENT_SIZE } from "./segmentation-defaults.js";

export {
  DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
  DEFAULT_MAX_PARTIAL_MESSAGES,
  DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  DEFAULT_SEGMENT_SIZE,
} from "./segmentation-defaults.js";

/**
 * Segmentation of a channel: payloads over the profile's segment size are split, protected by parity and sent
 * as one SDS message per segment; receivers reassemble them. Every option is optional.
 */
export interface ChannelSegmentationOptions {
  /**
   * The wire profile, channel-wide. Rule: a channel on today's js-waku wire keeps payloads that fit
   * unwrapped (`statusGo()`), so js-waku peers still read every message they can; LIP-243 (`lip243()`, every
   * payload wrapped) goes with the Nim wire profile or an explicit choice.
   * @default by the wire profile ({@link defaultSegmentationProfile}): `statusGo()` on js-waku, `lip243()` on nim-sds
   */
  readonly profile?: SegmentationProfile;
  /** How long a partial message may wait for its segments (ms). @default {@link DEFAULT_REASSEMBLY_TIMEOUT_MS} */
  readonly reassemblyTimeoutMs?: number;
  /** Partial messages kept per sender. @default {@link DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER} */
  readonly maxPartialMessagesPerSender?: number;
  /** Partial messages kept in all, whatever their senders. @default {@link DEFAULT_MAX_PARTIAL_MESSAGES} */
  readonly maxPartialMessages?: number;
  /** Segment bytes kept in partial messages per sender. @default {@link DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER} */
  readonly maxPartialBytesPerSender?: number;
}

/**
 * The profile rule: a channel on the js-waku wire keeps payloads that fit unwrapped (`statusGo()`, segments of
 * {@link DEFAULT_SEGMENT_SIZE} bytes), so js-waku peers still read every message they can; a channel on the
 * nim-sds wire (Logos Chat) uses LIP-243 as nim-segmentation does (`lip243()`: segments of 102 400 bytes, every
 * payload wrapped, parity off). An explicit `segmentation.profile` overrides it.
 */
export function defaultSegmentationProfile(wire: WireProfileName): SegmentationProfile {
  return wire === "nim-sds" ? lip243() : statusGo({ segmentSize: DEFAULT_SEGMENT_SIZE });
}
