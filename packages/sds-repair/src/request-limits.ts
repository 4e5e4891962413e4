import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";

/**
 * The shares of the outgoing requests: each pending request is charged to the sender whose message made
 * its id missing (its namer), at most `perNamer` at a time; and the request entries sent are counted per
 * fixed window of `windowMs`, at most `perWindow`. Internal.
 */
export class RequestLimits {
  readonly #perNamer: number;
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #namerOf = new Map<MessageId, ParticipantId>();
  readonly #charged = new Map<ParticipantId, number>();
  #window = Number.NEGATIVE_INFINITY;
  #sent = 0;

  constructor(limits: { perNamer: number; perWindow: number; windowMs: number }) {
    this.#perNamer = limits.perNamer;
    this.#perWindow = limits.perWindow;
    this.#windowMs = Math.max(1, limits.windowMs);
  }

  /** Charges `messageId` to `namer`; false (nothing charged) when the namer's share is used up. */
  charge(messageId: MessageId, namer: ParticipantId): boolean {
    if (this.#namerOf.has(messageId)) return true;
    const used = this.#charged.get(namer) ?? 0;
    if (used >= this.#perNamer) return false;
    this.#namerOf.set(messageId, namer);
    this.#charged.set(namer, used + 1);
    return true;
  }

  /** The request for `messageId` ended (answered, given up, evicted): its namer's share is free again. */
  release(messageId: MessageId): void {
    const namer = this.#namerOf.get(messageId);
    if (namer === undefined) return;
    this.#namerOf.delete(messageId);
    const used = (this.#charged.get(namer) ?? 1) - 1;
    if (used > 0) this.#charged.set(namer, used);
    else this.#charged.delete(namer);
  }

  /** Request entries that may still be sent in the window of `now` (changes nothing). */
  available(now: number): number {
    const sent = Math.floor(now / this.#windowMs) === this.#window ? this.#sent : 0;
    return Math.max(0, this.#perWindow - sent);
  }

  /** Counts `n` entries sent at `now`. */
  spend(n: number, now: number): void {
    const window = Math.floor(now / this.#windowMs);
    if (window !== this.#window) {
      this.#window = window;
      this.#sent = 0;
    }
    this.#sent += n;
  }

  /** When the window of `now` ends (ms). */
  windowEnd(now: number): number {
    return (Math.floor(now / this.#windowMs) + 1) * this.#windowMs;
  }
}
