/**
 * Why a segment or a reassembled message is refused; the channel reports it as the `message-dropped` reason.
 * - `malformed`: not a decodable SegmentMessage, a hash that is not 32 bytes, no data segments, or a payload
 *   longer than a segment may be;
 * - `too-many-segments`: data + parity over the limit (256);
 * - `index-out-of-range`: an index at or above its class's count;
 * - `count-mismatch`: counts that disagree with the segments already received for the same message;
 * - `hash-mismatch`: the reassembled payload's Keccak-256 is not the one every segment carries.
 */
export type SegmentationFailure =
  | "malformed"
  | "too-many-segments"
  | "index-out-of-range"
  | "count-mismatch"
  | "hash-mismatch";

/** The base of every error this package throws for bad input; `reason` names the failure. */
export class SegmentationError extends Error {
  override readonly name: string = "SegmentationError";
  /** What was wrong. */
  readonly reason: SegmentationFailure;

  constructor(reason: SegmentationFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A segment that cannot be decoded or breaks the format's basic rules. */
export class MalformedSegmentError extends SegmentationError {
  override readonly name = "MalformedSegmentError";
  constructor(message = "malformed segment", options?: ErrorOptions) {
    super("malformed", message, options);
  }
}

/** Data + parity segments over the limit, on either side: a payload too large to split, or a segment claiming it. */
export class TooManySegmentsError extends SegmentationError {
  override readonly name = "TooManySegmentsError";
  constructor(message = "too many segments", options?: ErrorOptions) {
    super("too-many-segments", message, options);
  }
}

/** A segment whose index is at or above the count of its class (data or parity). */
export class SegmentIndexError extends SegmentationError {
  override readonly name = "SegmentIndexError";
  constructor(message = "segment index out of range", options?: ErrorOptions) {
    super("index-out-of-range", message, options);
  }
}

/** A segment whose counts disagree with its siblings' (same hash and original length). */
export class SegmentCountMismatchError extends SegmentationError {
  override readonly name = "SegmentCountMismatchError";
  constructor(message = "segment counts disagree with the message's other segments", options?: ErrorOptions) {
    super("count-mismatch", message, options);
  }
}

/** The reassembled payload's Keccak-256 is not the hash its segments carry. */
export class SegmentHashMismatchError extends SegmentationError {
  override readonly name = "SegmentHashMismatchError";
  constructor(message = "reassembled payload does not match its hash", options?: ErrorOptions) {
    super("hash-mismatch", message, options);
  }
}

/** An option out of its range (segment size, parity rate, segment limit). */
export class InvalidSegmentationOptionError extends Error {
  override readonly name = "InvalidSegmentationOptionError";
  constructor(message = "invalid segmentation option", options?: ErrorOptions) {
    super(message, options);
  }
}
