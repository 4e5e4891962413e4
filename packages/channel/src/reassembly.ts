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
  decodeLast,
  decodeNumber,
  encodeLast,
  encodeNumber,
  type LastSegment,
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
  /** Restored: the last stored segment, for a message a restart finds complete. */
  readonly last?: LastSegment;
  cancelTimer: Cancel;
}

/** What the logical message's `message-received` takes from the segment that completed it. */
type Completing = Pick<MessageReceivedEvent, "senderId" | "lamportTimestamp" | "history">;

/**
 * The receiving side of segmentation: segments delivered by SDS are grouped per sender and message, kept in
 * storage until the message can be rebuilt, then delivered once as a `message-received` of the logical
 * message, after its hash was checked. Bounded per sender (messages and bytes) and in time; every drop is a
 * `message-dropped`. Events fire after the storage commit they follow from.
 *
 * A segment is in storage before SDS counts it delivered: `ingest` stores it ahead of SDS's commit (SDS
 * delivers each message once), then `receive` takes it into memory without storing it again. A restart
 * finds what `ingest` stored, and delivers a message it finds complete (`deliverRestored`).
 */
export class Reassembly {
  readonly #c: ReassemblyComponents;
  readonly #partials = new Map<string, Partial>();
  readonly #closed = new Map<string, number>();
  /** Storage keys of segments `ingest` stored that `receive` has not taken yet. */
  readonly #ingested = new Set<string>();
  #queue: Promise<void> = Promise.resolve();
  #closedDown = false;

  constructor(components: ReassemblyComponents) {
    this.#c = components;
  }

  /** Rebuilds the partial messages kept in storage (the meta blobs of the reassembly's namespace). */
  restore(meta: Readonly<Record<string, Uint8Array>>): void {
    const headers = new Map<string, number>();
    const lasts = new Map<string, LastSegment>();
    const segments = new Map<string, { key: string; bytes: Uint8Array }[]>();
    const rows: { key: string; partial: string }[] = [];
    for (const [key, value] of Object.entries(meta)) {
      const parsed = parseKey(key);
      if (parsed === undefined) continue;
      if (parsed.kind !== "c") rows.push({ key, partial: parsed.partial });
      if (parsed.kind === "c") this.#closed.set(parsed.partial, decodeNumber(value));
      else if (parsed.kind === "h") headers.set(parsed.partial, decodeNumber(value));
      else if (parsed.kind === "l") {
        const last = decodeLast(value);
        if (last !== undefined) lasts.set(parsed.partial, last);
      } else segments.set(parsed.partial, [...(segments.get(parsed.partial) ?? []), { key, bytes: value }]);
    }
    // Rows of a closed message or one without a header: `ingest` stored a segment, then it closed.
    const stale = rows.filter(({ partial }) => this.#closed.has(partial) || !headers.has(partial));
    this.#commit(
      stale.map(({ key }): StorageOp => ({ type: "meta-delete", key })),
      () => {},
    );
    for (const [key, firstSeenAt] of headers) {
      if (this.#closed.has(key)) continue;
      for (const { key: storageKey, bytes } of segments.get(key) ?? []) {
        try {
          const segment = this.#c.profile.decode(bytes);
          if (segment === undefined) continue;
          const partial =
            this.#partials.get(key) ?? this.#open(key, senderOf(key), segment, firstSeenAt, lasts.get(key));
          if (partial.set.add(segment)) partial.storageKeys.push(storageKey);
        } catch {
          // A stored segment that no longer passes (a changed profile) is left out; the set may time out.
        }
      }
    }
  }

  /**
   * Delivers the restored messages that are complete already: the process ended after `ingest` stored the
   * segment that completed one and before `receive` took it (SDS does not deliver that segment again).
   * Their `message-received`, and every event of the reassembly after them, wait until the function
   * returned is called (the channel calls it once listeners added after its start can hear them; `close`
   * needs it called). Returns undefined, and nothing waits, when no restored message is complete.
   */
  deliverRestored(): (() => void) | undefined {
    const complete = [...this.#partials.values()].filter((partial) => partial.set.ready);
    if (complete.length === 0) return undefined;
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#queue = this.#queue.then(() => released);
    complete.sort((a, b) => Number((a.last?.lamportTimestamp ?? 0n) - (b.last?.lamportTimestamp ?? 0n)));
    for (const partial of complete) {
      const last = partial.last;
      this.#complete(
        partial,
        {
          senderId: partial.senderId,
          lamportTimestamp: last?.lamportTimestamp ?? 0n,
          ...(last?.history === true ? { history: true as const } : {}),
        },
        [],
      );
    }
    return release;
  }

  /**
   * Stores the segments among messages SDS is about to mark delivered, before that commit (the channel's
   * `BeforeDeliveryCommit`): SDS delivers a message once, so a crash between the two commits must find the
   * segment here. Idempotent; changes nothing in memory: `receive` takes the same messages afterwards, and
   * does not store them again. Malformed segments are left to `receive` (which drops them), and so is a
   * message of one data segment: its SDS delivery is the message's, as for a payload sent unsegmented.
   */
  async ingest(events: readonly MessageReceivedEvent[]): Promise<void> {
    const ops: StorageOp[] = [];
    const stored: string[] = [];
    for (const event of events) {
      let segment: Segment | undefined;
      try {
        segment = this.#c.profile.decode(event.payload);
      } catch {
        continue;
      }
      if (segment === undefined || segment.dataCount === 1) continue;
      const key = partialKey(event.senderId, segmentSetKey(segment));
      const storageKey = reassemblyKeys.segment(key, segment);
      const partial = this.#partials.get(key);
      // Closed, already held, or a second copy in these messages (`receive` keeps the first).
      if (this.#closed.has(key) || partial?.storageKeys.includes(storageKey) || stored.includes(storageKey))
        continue;
      stored.push(storageKey);
      const last = { lamportTimestamp: event.lamportTimestamp, history: event.history === true };
      const firstSeenAt = partial?.firstSeenAt ?? this.#c.clock.now();
      ops.push(
        { type: "meta-put", key: storageKey, value: event.payload },
        { type: "meta-put", key: reassemblyKeys.header(key), value: encodeNumber(firstSeenAt) },
        { type: "meta-put", key: reassemblyKeys.last(key), value: encodeLast(last) },
      );
    }
    if (ops.length === 0) return;
    await this.#c.commit(ops);
    for (const key of stored) this.#ingested.add(key);
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
    const storageKey = reassemblyKeys.segment(key, segment);
    const ingested = this.#ingested.delete(storageKey);
    // A segment `ingest` stored that is not kept goes again (its message closed meanwhile, or it is bad).
    const discard = () => {
      if (ingested) this.#commit([{ type: "meta-delete", key: storageKey }], () => {});
    };
    if (this.#closed.has(key)) {
      discard();
      return true;
    }
    const partial = this.#partials.get(key) ?? this.#openNew(key, event.senderId, segment);
    try {
      if (!partial.set.add(segment)) return true;
    } catch (error) {
      if (!partial.storageKeys.includes(storageKey)) discard();
      this.#dropSegment(event.senderId, error);
      return true;
    }
    partial.storageKeys.push(storageKey);
    const ops: StorageOp[] = ingested ? [] : [{ type: "meta-put", key: storageKey, value: event.payload }];
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

  #open(key: string, senderId: string, segment: Segment, firstSeenAt: number, last?: LastSegment): Partial {
    const partial: Partial = {
      key,
      senderId,
      set: new SegmentSet(this.#c.profile, segment),
      firstSeenAt,
      storageKeys: [],
      ...(last === undefined ? {} : { last }),
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

  #complete(partial: Partial, last: Completing, ops: StorageOp[]): void {
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
      { type: "meta-delete", key: reassemblyKeys.last(partial.key) },
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
