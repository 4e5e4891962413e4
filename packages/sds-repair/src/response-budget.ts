import type { ParticipantId } from "@reliable-channel/interfaces";

/** Limits of a {@link ResponseBudget}. Internal. */
export interface ResponseBudgetLimits {
  /** Length of one budget window (ms). */
  readonly windowMs: number;
  /** Responses scheduled on behalf of one requester per window. */
  readonly perRequester: number;
  /** Responses scheduled in all per window (spoofed requester ids share it). */
  readonly total: number;
}

/**
 * How many repair responses may still be scheduled: per requester and in all, in fixed windows of
 * `windowMs`. A requester seen after `total` distinct ones in a window is refused (spoofed ids cannot grow
 * it). Bounds what one cheap request can make this participant rebroadcast. Internal.
 */
export class ResponseBudget {
  readonly #limits: ResponseBudgetLimits;
  #window = Number.NEGATIVE_INFINITY;
  #total = 0;
  readonly #byRequester = new Map<ParticipantId, number>();

  constructor(limits: ResponseBudgetLimits) {
    this.#limits = limits;
  }

  /** Takes one response for `requester` at `now`; false when its share or the total is used up. */
  take(requester: ParticipantId, now: number): boolean {
    const window = Math.floor(now / Math.max(1, this.#limits.windowMs));
    if (window !== this.#window) {
      this.#window = window;
      this.#total = 0;
      this.#byRequester.clear();
    }
    const used = this.#byRequester.get(requester) ?? 0;
    if (used >= this.#limits.perRequester || this.#total >= this.#limits.total) return false;
    this.#byRequester.set(requester, used + 1);
    this.#total += 1;
    return true;
  }
}
