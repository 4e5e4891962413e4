import type { CoreDelivered } from "./core-port.js";

/**
 * Decides which delivered messages to rebroadcast once: those that arrived too late to ever be named in
 * our own causal histories (their Lamport timestamp is below the `window` highest we have seen). Such a
 * message is named by no later message of ours, so a participant that missed it could never learn it
 * exists; one rebroadcast from each participant that got it late closes that gap (after partitions and
 * offline periods, when an old message is finally published).
 */
export class LateRelay {
  readonly #window: number;
  /** The highest Lamport timestamps seen, ascending, at most `window` of them. */
  readonly #top: bigint[] = [];

  constructor(window: number) {
    this.#window = window;
  }

  /** Records our own message's timestamp (it enters our log too). */
  own(lamportTimestamp: bigint): void {
    this.#insert(lamportTimestamp);
  }

  /** The delivered messages to rebroadcast, in order; records all of them. */
  late(delivered: readonly CoreDelivered[]): CoreDelivered[] {
    const late: CoreDelivered[] = [];
    for (const message of delivered) {
      const floor = this.#top.length < this.#window ? undefined : this.#top[0];
      if (floor !== undefined && message.lamportTimestamp < floor) late.push(message);
      this.#insert(message.lamportTimestamp);
    }
    return late;
  }

  #insert(value: bigint): void {
    const top = this.#top;
    if (top.length >= this.#window && value <= (top[0] ?? value)) return;
    let at = top.length;
    while (at > 0 && (top[at - 1] ?? value) > value) at -= 1;
    top.splice(at, 0, value);
    if (top.length > this.#window) top.shift();
  }
}
