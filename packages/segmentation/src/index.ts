/**
 * @reliable-channel/segmentation: payloads larger than one message, split into segments, protected by
 * Reed–Solomon parity, validated and reassembled. Pure and transport-free. Two wire profiles: LIP-243
 * (nim-segmentation, Leopard-RS parity) and status-go (klauspost/reedsolomon parity, small payloads unwrapped).
 */
export { DEFAULT_MAX_SEGMENTS } from "./checks.js";
export {
  InvalidSegmentationOptionError,
  MalformedSegmentError,
  SegmentationError,
  type SegmentationFailure,
  SegmentCountMismatchError,
  SegmentHashMismatchError,
  SegmentIndexError,
  TooManySegmentsError,
} from "./errors.js";
export {
  DEFAULT_LIP243_PARITY_RATE,
  DEFAULT_LIP243_SEGMENT_SIZE_BYTES,
  type Lip243Init,
  lip243,
  lip243ParityCount,
} from "./lip243.js";
export { keccak256, type Segment, type SegmentationProfile, type SplitMessage } from "./segment.js";
export { SegmentSet, segmentSetKey } from "./segment-set.js";
export {
  DEFAULT_STATUS_GO_SEGMENT_SIZE,
  type StatusGoInit,
  statusGo,
  statusGoParityCount,
} from "./status-go.js";
export { isStatusGoSegment } from "./status-go-read.js";
