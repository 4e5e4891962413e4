import { toHex } from "@reliable-channel/hash";
import type {
  Cancel,
  Clock,
  MessageDroppedEvent,
  MessageReceivedEvent,
  StorageOp,
} from "@reliable-channel/interfaces";
import {
  type Segment,
  SegmentationError,
  type SegmentationProfile,
  SegmentSet,
  segmentSetKey,
} from "@reliable-channel/segmentation";
import {
  decodeNumber,
  encodeNumber,
  parseKey,
  partialKey,
  reassemblyKeys,
  senderOf,
} from "./reassembly-keys.js";

/** Closed (completed or dropped) messages remembered, so that their late segments are ignored. */
const CLOSED_KEPT = 1_000;

/** What the reassembly needs: its limits, a clock, its storage and the channel's event outlets. */
export interface ReassemblyComponents {
  readonly profile: SegmentationProfile;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxMessagesPerSender: number;
  readonly maxMessages: number;
  readonly maxBytesPerSender: number;
  /** Commits storage ops (serialized by the caller's order of calls). */
  readonly commit: (ops: readonly StorageOp[]) => Promise<void>;
  readonly deliver: (event: MessageReceivedEvent) => void;
  readonly drop: (event: MessageDroppedEvent) => void;
  readonly error: (error: unknown) => void;
}

interface Partial {
  readonly key: string;
  readonly senderId: string;
  readonly set: SegmentSet;
  readonly firstSeenAt: number;
  readonly storageKeys: string[];
  cancelTimer: Cancel;
}

/**
 * The receiving side of segmentation: segments delivered by SDS are grouped per sender and message, kept in
 * storage until the message can be rebuilt, then delivered once as a `message-received` of the logical
 * message, after its hash was checked. Bounded per sender (messages and bytes) and in time; every drop is a
 * `message-dropped`. Events fire after the storage commit they follow from.
 */
export class Reassembly {
  readonly #c: ReassemblyComponents;
  readonly #partials = new Map<string, Partial>();
  readonly #closed = new Map<string, number>();
  #queue: Promise<void> = Promise.resolve();
  #closedDown = false;

  constructor(components: ReassemblyComponents) {
    this.#c = components;
  }

  /** Rebuilds the partial messages kept in storage (the meta blobs of the reassembly's namespace). */
  restore(meta: Readonly<Record<string, Uint8Array>>): void {
    const headers = new Map<string, number>();
    const segments = new Map<string, { key: string; bytes: Uint8Array }[]>();
    for (const [key, value] of Object.entries(meta)) {
      const parsed = parseKey(key);
      if (parsed === undefined) continue;
      if (parsed.kind === "c") this.#closed.set(parsed.partial, decodeNumber(value));
      else if (parsed.kind === "h") headers.set(parsed.partial, decodeNumber(value));
      else segments.set(parsed.partial, [...(segments.get(parsed.partial) ?? []), { key, bytes: value }]);
    }
    for (const [key, firstSeenAt] of headers) {
      for (const { key: storageKey, bytes } of segments.get(key) ?? []) {
        try {
          const segment = this.#c.profile.decode(bytes);
          if (segment === undefined) continue;
          const partial = this.#partials.get(key) ?? this.#open(key, senderOf(key), segment, firstSeenAt);
          if (partial.set.add(segment)) partial.storageKeys.push(storageKey);
        } catch {
          // A stored segment that no longer passes (a changed profile) is left out; the set may time out.
        }
      }
    }
  }

  /**
   * Takes a delivered message. Returns `false` when it is not a segment (the channel delivers it as it is);
   * `true` when the reassembly took it (and will deliver the logical message, or report a drop).
   */
  receive(event: MessageReceivedEvent): boolean {
    let segment: Segment | undefined;
    try {
      segment = this.#c.profile.decode(event.payload);
    } catch (error) {
      this.#dropSegment(event.senderId, error);
      return true;
    }
    if (segment === undefined) return false;
    const key = partialKey(event.senderId, segmentSetKey(segment));
    if (this.#closed.has(key)) return true;
    const partial = this.#partials.get(key) ?? this.#openNew(key, event.senderId, segment);
    try {
      if (!partial.set.add(segment)) return true;
    } catch (error) {
      this.#dropSegment(event.senderId, error);
      return true;
    }
    const storageKey = reassemblyKeys.segment(key, segment);
    partial.storageKeys.push(storageKey);
    const ops: StorageOp[] = [{ type: "meta-put", key: storageKey, value: event.payload }];
    if (partial.set.received === 1) {
      ops.push({
        type: "meta-put",
        key: reassemblyKeys.header(key),
        value: encodeNumber(partial.firstSeenAt),
      });
    }
    this.#enforceBytes(partial, ops);
    if (this.#partials.has(key) && partial.set.ready) this.#complete(partial, event, ops);
    else this.#commit(ops, () => {});
    return true;
  }

  /**
   * Runs `then` once every commit and event that follows from the segments taken so far is done: a message
   * delivered after a segmented one (the channel's, not a segment) reaches the app after it, in SDS order.
   */
  afterPending(then: () => void): void {
    this.#queue = this.#queue.then(then).catch((error: unknown) => this.#c.error(error));
  }

  /** Cancels the timers and waits for the pending commits. */
  async close(): Promise<void> {
    this.#closedDown = true;
    for (const partial of this.#partials.values()) partial.cancelTimer();
    await this.#queue;
  }

  #openNew(key: string, senderId: string, segment: Segment): Partial {
    const mine = [...this.#partials.values()].filter((p) => p.senderId === senderId);
    if (mine.length >= this.#c.maxMessagesPerSender) {
      const oldest = mine.reduce((a, b) => (b.firstSeenAt < a.firstSeenAt ? b : a));
      this.#close(oldest, [], "reassembly-capacity", "the sender has too many partial messages");
    }
    const all = [...this.#partials.values()];
    if (all.length >= this.#c.maxMessages) {
      const oldest = all.reduce((a, b) => (b.firstSeenAt < a.firstSeenAt ? b : a));
      this.#close(oldest, [], "reassembly-capacity", "too many partial messages in all");
    }
    return this.#open(key, senderId, segment, this.#c.clock.now());
  }

  #open(key: string, senderId: string, segment: Segment, firstSeenAt: number): Partial {
    const partial: Partial = {
      key,
      senderId,
      set: new SegmentSet(this.#c.profile, segment),
      firstSeenAt,
      storageKeys: [],
      cancelTimer: () => {},
    };
    const delay = Math.max(0, firstSeenAt + this.#c.timeoutMs - this.#c.clock.now());
    partial.cancelTimer = this.#c.clock.setTimeout(() => {
      if (this.#partials.get(key) === partial && !this.#closedDown) {
        this.#close(partial, [], "reassembly-timeout", "the message did not complete in time");
      }
    }, delay);
    this.#partials.set(key, partial);
    return partial;
  }

  /** Drops the sender's oldest partial messages (then this one) while the sender holds too many bytes. */
  #enforceBytes(partial: Partial, ops: StorageOp[]): void {
    const bytesOf = () =>
      [...this.#partials.values()]
        .filter((p) => p.senderId === partial.senderId)
        .reduce((s, p) => s + p.set.bytes, 0);
    while (bytesOf() > this.#c.maxBytesPerSender) {
      const others = [...this.#partials.values()].filter(
        (p) => p.senderId === partial.senderId && p !== partial,
      );
      const victim =
        others.length === 0 ? partial : others.reduce((a, b) => (b.firstSeenAt < a.firstSeenAt ? b : a));
      this.#close(
        victim,
        victim === partial ? ops : [],
        "reassembly-capacity",
        "the sender's partial messages hold too many bytes",
      );
    }
  }

  #complete(partial: Partial, last: MessageReceivedEvent, ops: StorageOp[]): void {
    let payload: Uint8Array;
    const rebuilt = partial.set.missingData;
    try {
      payload = partial.set.reassemble();
    } catch (error) {
      if (!(error instanceof SegmentationError)) throw error;
      this.#close(partial, ops, "invalid-segment", `${error.reason}: ${error.message}`, error);
      return;
    }
    this.#close(partial, ops, undefined);
    const delivered: MessageReceivedEvent = {
      messageId: toHex(partial.set.hash),
      senderId: last.senderId,
      lamportTimestamp: last.lamportTimestamp,
      payload,
      segments: { data: partial.set.dataCount ?? 0, parity: partial.set.parityCount ?? 0, rebuilt },
      ...(last.history === true ? { history: true as const } : {}),
    };
    this.#queue = this.#queue.then(() => this.#c.deliver(delivered));
  }

  /** Forgets a partial message: its storage rows go, it is remembered as closed; a reason reports a drop. */
  #close(
    partial: Partial,
    ops: StorageOp[],
    reason: MessageDroppedEvent["reason"] | undefined,
    detail = "",
    error?: unknown,
  ): void {
    partial.cancelTimer();
    this.#partials.delete(partial.key);
    this.#closed.set(partial.key, this.#c.clock.now());
    const closing: StorageOp[] = [
      ...ops,
      ...partial.storageKeys.map((key): StorageOp => ({ type: "meta-delete", key })),
      { type: "meta-delete", key: reassemblyKeys.header(partial.key) },
      { type: "meta-put", key: reassemblyKeys.closed(partial.key), value: encodeNumber(this.#c.clock.now()) },
    ];
    const evicted = this.#evictClosed();
    if (evicted !== undefined) closing.push({ type: "meta-delete", key: reassemblyKeys.closed(evicted) });
    ops.length = 0;
    this.#commit(closing, () => {
      if (reason === undefined) return;
      this.#c.drop({ reason, detail, senderId: partial.senderId, ...(error === undefined ? {} : { error }) });
    });
  }

  #evictClosed(): string | undefined {
    if (this.#closed.size <= CLOSED_KEPT) return undefined;
    const [oldest] = this.#closed.keys();
    if (oldest !== undefined) this.#closed.delete(oldest);
    return oldest;
  }

  #dropSegment(senderId: string, error: unknown): void {
    if (!(error instanceof SegmentationError)) {
      this.#c.error(error);
      return;
    }
    const event: MessageDroppedEvent = {
      reason: "invalid-segment",
      detail: `${error.reason}: ${error.message}`,
      senderId,
      error,
    };
    this.#queue = this.#queue.then(() => this.#c.drop(event));
  }

  #commit(ops: readonly StorageOp[], then: () => void): void {
    if (ops.length === 0) {
      this.#queue = this.#queue.then(then);
      return;
    }
    this.#queue = this.#queue
      .then(() => this.#c.commit(ops).then(then))
      .catch((error: unknown) => this.#c.error(error));
  }
}
