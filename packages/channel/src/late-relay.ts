import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { type BloomProfile, bloomPositions, hasAllBits } from "@reliable-channel/sds";
import type { CoreDelivered } from "./core-port.js";

/** Limits of the late relay. */
export interface LateRelayInit {
  /** A message below the `window` highest Lamport timestamps seen is late (half the causal history size). */
  readonly window: number;
  /** The channel's bloom profile, to read other participants' filters. */
  readonly bloom: BloomProfile;
  /** How long (ms) a late message is watched. */
  readonly watchMs: number;
  /** Least time (ms) between two rebroadcasts of one message. */
  readonly resendGapMs: number;
  /** Most late messages watched at once (the oldest are dropped). */
  readonly maxWatched: number;
}

interface Watched {
  readonly bytes: Uint8Array;
  readonly positions: Uint32Array;
  readonly until: number;
  readonly covered: Set<ParticipantId>;
  lastSentAt: number;
}

/**
 * Rebroadcasts messages that arrive late. Causal histories name the highest Lamport timestamps of a log,
 * so a message published long after it was created (after a partition or an offline period) is named by
 * no later message, and a participant that missed it would never learn it exists. A participant that
 * delivers such a message rebroadcasts it once, then watches the bloom filters of the others' messages:
 * while a participant's filter lacks it, it is rebroadcast again (at most every `resendGapMs`), until every
 * known participant has it or `watchMs` passed.
 */
export class LateRelay {
  readonly #init: LateRelayInit;
  /** The highest Lamport timestamps seen, ascending, at most `window` of them. */
  readonly #top: bigint[] = [];
  readonly #watched = new Map<MessageId, Watched>();

  constructor(init: LateRelayInit) {
    this.#init = init;
  }

  /** Records our own message's timestamp (it enters our log too). */
  own(lamportTimestamp: bigint): void {
    this.#insert(lamportTimestamp);
  }

  /** Records delivered messages; returns the encoded ones to rebroadcast now (the late ones). */
  delivered(delivered: readonly CoreDelivered[], now: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const message of delivered) {
      const floor = this.#top.length < this.#init.window ? undefined : this.#top[0];
      if (floor !== undefined && message.lamportTimestamp < floor) {
        this.#watch(message, now);
        out.push(message.bytes);
      }
      this.#insert(message.lamportTimestamp);
    }
    return out;
  }

  /**
   * A message from `from` carried this bloom filter: returns the watched messages it lacks that may be
   * rebroadcast now; forgets those that every one of `participants` (us included) has, or that expired.
   */
  observe(
    from: ParticipantId,
    bloom: Uint8Array | undefined,
    now: number,
    participants: number,
  ): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const [id, watched] of this.#watched) {
      if (now > watched.until) {
        this.#watched.delete(id);
        continue;
      }
      if (bloom === undefined || bloom.length !== this.#init.bloom.byteLength) continue;
      if (hasAllBits(bloom, watched.positions)) {
        watched.covered.add(from);
        if (watched.covered.size >= participants - 1) this.#watched.delete(id);
      } else if (now - watched.lastSentAt >= this.#init.resendGapMs) {
        watched.lastSentAt = now;
        out.push(watched.bytes);
      }
    }
    return out;
  }

  #watch(message: CoreDelivered, now: number): void {
    if (this.#watched.size >= this.#init.maxWatched) {
      const oldest = this.#watched.keys().next();
      if (oldest.done !== true) this.#watched.delete(oldest.value);
    }
    this.#watched.set(message.messageId, {
      bytes: message.bytes,
      positions: bloomPositions(this.#init.bloom, message.messageId),
      until: now + this.#init.watchMs,
      covered: new Set([message.senderId]),
      lastSentAt: now,
    });
  }

  #insert(value: bigint): void {
    const top = this.#top;
    if (top.length >= this.#init.window && value <= (top[0] ?? value)) return;
    let at = top.length;
    while (at > 0 && (top[at - 1] ?? value) > value) at -= 1;
    top.splice(at, 0, value);
    if (top.length > this.#init.window) top.shift();
  }
}
