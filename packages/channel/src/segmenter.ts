import { toHex } from "@reliable-channel/hash";
import {
  type DeliveredToAllEvent,
  InvalidArgumentError,
  type MessageId,
  PayloadTooLargeError,
  type ReliableChannelEvents,
} from "@reliable-channel/interfaces";
import { type SegmentationProfile, TooManySegmentsError } from "@reliable-channel/segmentation";

/** The send-side events that carry segment progress. */
export type ProgressEventType = "sending" | "sent" | "possibly-acknowledged" | "acknowledged" | "send-failed";

/**
 * Acknowledged segments still awaited for `delivered-to-all` (only on a channel with a roster); beyond it,
 * the one acknowledged longest ago is forgotten (its message's `delivered-to-all` then never fires).
 */
export const MAX_SEGMENTS_AWAITING_ALL = 10_000;

interface Logical {
  readonly id: MessageId;
  readonly total: number;
  readonly data: number;
  /** Segment indexes that have had each event type. */
  readonly done: Map<ProgressEventType | "delivered-to-all", Set<number>>;
}

/** The few things the segmenter needs of the channel it wraps. */
export interface SegmenterComponents {
  readonly profile: SegmentationProfile;
  /** Sends one SDS message (the wrapped channel's `send`). */
  readonly sendOne: (payload: Uint8Array) => Promise<MessageId>;
  /** The largest SDS payload the channel accepts (bytes), when it has a limit. */
  readonly maxPayloadBytes: () => number | undefined;
  /** Emits an event of the wrapping channel. */
  readonly emit: <K extends ProgressEventType | "delivered-to-all">(
    type: K,
    detail: ReliableChannelEvents[K],
  ) => void;
  /** Whether the channel has a roster (only then does `delivered-to-all` fire, and is it awaited). */
  readonly hasRoster: () => boolean;
  /** Keeps a segment's place in its message durably (`undefined`: forgets it), so progress survives a restart. */
  readonly remember: (segmentId: MessageId, place: SegmentPlace | undefined) => void;
}

/** Where a segment sits in its logical message, as kept across restarts. */
export interface SegmentPlace {
  readonly logicalId: MessageId;
  readonly index: number;
  readonly total: number;
  readonly data: number;
}

/**
 * The sending side of segmentation: splits a payload over the segment size, sends each segment as its own
 * SDS message in order, and turns the segments' send events into events of the logical message with
 * progress (`segment`). Events that arrive while a segment's `send` is still resolving are held and
 * re-emitted in order once its id is known (the first `sending` fires before `send` resolves). With a
 * roster, the logical message is `delivered-to-all` once every one of its segments is.
 */
export class Segmenter {
  readonly #c: SegmenterComponents;
  readonly #bySegment = new Map<MessageId, { readonly logical: Logical; readonly index: number }>();
  /** Acknowledged segments awaited for `delivered-to-all` (roster only, oldest first, bounded). */
  readonly #awaitingAll = new Map<MessageId, { readonly logical: Logical; readonly index: number }>();
  readonly #held: (() => void)[] = [];
  #sending = 0;

  constructor(components: SegmenterComponents) {
    this.#c = components;
  }

  /** Restores the places of segments sent before a restart (their progress counts start again at 0). */
  restore(places: ReadonlyMap<MessageId, SegmentPlace>): void {
    const logicals = new Map<MessageId, Logical>();
    for (const [segmentId, place] of places) {
      let logical = logicals.get(place.logicalId);
      if (logical === undefined) {
        logical = { id: place.logicalId, total: place.total, data: place.data, done: new Map() };
        logicals.set(place.logicalId, logical);
      }
      this.#bySegment.set(segmentId, { logical, index: place.index });
    }
  }

  /**
   * Sends `payload`: as it is when the profile leaves it unwrapped, else segment by segment. Resolves with
   * the message id (for a segmented message, the hex Keccak-256 of the payload) once every segment is in the
   * outbox. Nothing is stored when a segment would not fit (`PayloadTooLargeError`).
   */
  async send(payload: Uint8Array): Promise<MessageId> {
    if (!(payload instanceof Uint8Array)) throw new InvalidArgumentError("payload must be a Uint8Array");
    if (payload.length === 0) throw new InvalidArgumentError("payload must not be empty");
    const split = this.#split(payload);
    if (!split.wrapped) return this.#c.sendOne(payload);
    const limit = this.#c.maxPayloadBytes();
    const largest = Math.max(...split.segments.map((s) => s.length));
    if (limit !== undefined && largest > limit) throw new PayloadTooLargeError(largest, limit);
    const logical: Logical = {
      id: toHex(split.hash),
      total: split.segments.length,
      data: split.dataCount,
      done: new Map(),
    };
    for (const [index, segment] of split.segments.entries()) {
      this.#sending++;
      try {
        const id = await this.#c.sendOne(segment);
        this.#bySegment.set(id, { logical, index });
        this.#c.remember(id, { logicalId: logical.id, index, total: logical.total, data: logical.data });
      } finally {
        this.#sending--;
        if (this.#sending === 0) this.#flush();
      }
    }
    return logical.id;
  }

  #split(payload: Uint8Array) {
    try {
      return this.#c.profile.split(payload);
    } catch (error) {
      if (!(error instanceof TooManySegmentsError)) throw error;
      const max = this.#c.profile.maxSegments * this.#c.profile.maxSegmentPayloadBytes;
      throw new PayloadTooLargeError(payload.length, max, { cause: error });
    }
  }

  /** Routes a send-side event of the wrapped channel: held while a segment send resolves, else emitted. */
  route<K extends ProgressEventType>(type: K, detail: ReliableChannelEvents[K]): void {
    if (this.#sending > 0) this.#held.push(() => this.#emit(type, detail));
    else this.#emit(type, detail);
  }

  /**
   * Routes a `delivered-to-all` of the wrapped channel: a segment's counts toward its logical message, which
   * is `delivered-to-all` (under its own id) once every segment is; any other message's passes as it is.
   */
  routeDeliveredToAll(detail: DeliveredToAllEvent): void {
    if (this.#sending > 0) this.#held.push(() => this.#deliveredToAll(detail));
    else this.#deliveredToAll(detail);
  }

  #deliveredToAll(detail: DeliveredToAllEvent): void {
    const entry = this.#bySegment.get(detail.messageId) ?? this.#awaitingAll.get(detail.messageId);
    if (entry === undefined) {
      this.#c.emit("delivered-to-all", detail);
      return;
    }
    this.#awaitingAll.delete(detail.messageId);
    const done = this.#doneOf(entry.logical, "delivered-to-all");
    const before = done.size;
    done.add(entry.index);
    if (done.size === entry.logical.total && before < done.size)
      this.#c.emit("delivered-to-all", { ...detail, messageId: entry.logical.id });
  }

  #doneOf(logical: Logical, type: ProgressEventType | "delivered-to-all"): Set<number> {
    let done = logical.done.get(type);
    if (done === undefined) {
      done = new Set();
      logical.done.set(type, done);
    }
    return done;
  }

  #flush(): void {
    for (const emit of this.#held.splice(0)) emit();
  }

  #emit<K extends ProgressEventType>(type: K, detail: ReliableChannelEvents[K]): void {
    const entry = this.#bySegment.get(detail.messageId);
    if (entry === undefined) {
      this.#c.emit(type, detail);
      return;
    }
    const { logical, index } = entry;
    const done = this.#doneOf(logical, type);
    done.add(index);
    const segment = {
      messageId: detail.messageId,
      index,
      total: logical.total,
      data: logical.data,
      done: done.size,
    };
    this.#c.emit(type, { ...detail, messageId: logical.id, segment });
    if (type === "acknowledged" || type === "send-failed") {
      this.#bySegment.delete(detail.messageId);
      this.#c.remember(detail.messageId, undefined);
      const delivered = logical.done.get("delivered-to-all")?.has(index) === true;
      if (type === "acknowledged" && !delivered && this.#c.hasRoster())
        this.#awaitAll(detail.messageId, entry);
    }
  }

  #awaitAll(segmentId: MessageId, entry: { readonly logical: Logical; readonly index: number }): void {
    this.#awaitingAll.set(segmentId, entry);
    for (const oldest of this.#awaitingAll.keys()) {
      if (this.#awaitingAll.size <= MAX_SEGMENTS_AWAITING_ALL) break;
      this.#awaitingAll.delete(oldest);
    }
  }
}
