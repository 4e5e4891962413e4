/** One in-flight delivery of the simulated network. */
export interface Delivery {
  readonly at: number;
  readonly to: number;
  readonly bytes: Uint8Array;
  readonly order: number;
}

/**
 * The simulated network's in-flight deliveries, earliest first (ties in send order): a binary min-heap.
 * Time is virtual: the simulation pops deliveries, it never waits.
 */
export class DeliveryQueue {
  readonly #heap: Delivery[] = [];
  #order = 0;

  /** Number of deliveries in flight. */
  get size(): number {
    return this.#heap.length;
  }

  /** Enqueues `bytes` for participant `to` at time `at`. */
  push(at: number, to: number, bytes: Uint8Array): void {
    const heap = this.#heap;
    const item: Delivery = { at, to, bytes, order: this.#order++ };
    heap.push(item);
    let i = heap.length - 1;
    for (let parent = (i - 1) >> 1; i > 0; i = parent, parent = (i - 1) >> 1) {
      const p = heap[parent];
      if (p === undefined || !earlier(item, p)) break;
      heap[i] = p;
    }
    heap[i] = item;
  }

  /** The time of the earliest delivery, if any. */
  peekAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes and returns the earliest delivery. */
  pop(): Delivery | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      let best = last;
      let index = i;
      for (const c of [l, l + 1]) {
        const child = heap[c];
        if (child !== undefined && earlier(child, best)) {
          best = child;
          index = c;
        }
      }
      if (index === i) break;
      heap[i] = best;
      i = index;
    }
    heap[i] = last;
    return top;
  }
}

function earlier(a: Delivery, b: Delivery): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
