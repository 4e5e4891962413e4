import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";

/** Limits of a {@link MessageCache}. Internal. */
export interface MessageCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly ttlMs: number;
}

/** A message we can rebroadcast. Internal. */
export interface CachedMessage {
  readonly senderId: ParticipantId;
  readonly bytes: Uint8Array;
  readonly loggedAt: number;
  /** When the message last reached us from the network or was rebroadcast by us (not set by our own send). */
  lastSeenAt: number | undefined;
}

/**
 * The original encoded bytes of logged messages, so they can be rebroadcast byte for byte. Bounded by count,
 * total bytes and age: the oldest entries are evicted first; entries older than `ttlMs` are not served.
 * Internal.
 */
export class MessageCache {
  readonly #limits: MessageCacheLimits;
  readonly #entries = new Map<MessageId, CachedMessage>();
  #bytes = 0;

  constructor(limits: MessageCacheLimits) {
    this.#limits = limits;
  }

  /** Number of cached messages. */
  get size(): number {
    return this.#entries.size;
  }

  /** Total cached bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Caches a message (no-op if cached or larger than the byte cap), evicting the oldest as needed. */
  put(messageId: MessageId, senderId: ParticipantId, bytes: Uint8Array, now: number, seenAt?: number): void {
    if (this.#entries.has(messageId) || bytes.byteLength > this.#limits.maxBytes) return;
    this.#expire(now);
    while (
      this.#entries.size > 0 &&
      (this.#entries.size >= this.#limits.maxEntries ||
        this.#bytes + bytes.byteLength > this.#limits.maxBytes)
    ) {
      this.#evictOldest();
    }
    if (this.#limits.maxEntries < 1) return;
    this.#entries.set(messageId, { senderId, bytes, loggedAt: now, lastSeenAt: seenAt });
    this.#bytes += bytes.byteLength;
  }

  /** Drops `messageId` from the cache; returns whether it was there. */
  delete(messageId: MessageId): boolean {
    const cached = this.#entries.get(messageId);
    if (cached === undefined) return false;
    this.#delete(messageId, cached);
    return true;
  }

  /** The cached message if present and younger than the TTL at `now`. */
  get(messageId: MessageId, now: number): CachedMessage | undefined {
    const cached = this.#entries.get(messageId);
    if (cached === undefined) return undefined;
    if (now - cached.loggedAt >= this.#limits.ttlMs) {
      this.#delete(messageId, cached);
      return undefined;
    }
    return cached;
  }

  #expire(now: number): void {
    for (const [id, cached] of this.#entries) {
      if (now - cached.loggedAt < this.#limits.ttlMs) return;
      this.#delete(id, cached);
    }
  }

  #evictOldest(): void {
    const oldest = this.#entries.entries().next();
    if (oldest.done !== true) this.#delete(oldest.value[0], oldest.value[1]);
  }

  #delete(messageId: MessageId, cached: CachedMessage): void {
    this.#entries.delete(messageId);
    this.#bytes -= cached.bytes.byteLength;
  }
}
