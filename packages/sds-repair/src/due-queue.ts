interface Slot {
  readonly at: number;
  readonly key: string;
  readonly version: number;
}

/**
 * A min-heap of keys by due time (ties broken by key, so the order is deterministic) with O(log n)
 * reschedule and lazy deletion: rescheduled or deleted keys leave stale slots that are skipped when they
 * surface, and the heap is rebuilt once stale slots outnumber live ones. Internal to this package.
 */
export class DueQueue {
  readonly #heap: Slot[] = [];
  readonly #live = new Map<string, number>();
  #version = 0;

  /** Number of keys scheduled. */
  get size(): number {
    return this.#live.size;
  }

  /** Whether `key` is scheduled. */
  has(key: string): boolean {
    return this.#live.has(key);
  }

  /** Schedules `key` at `at`, replacing any earlier schedule of it. */
  set(key: string, at: number): void {
    this.#version += 1;
    this.#live.set(key, this.#version);
    this.#push({ at, key, version: this.#version });
    if (this.#heap.length > 2 * this.#live.size + 32) this.#rebuild();
  }

  /** Unschedules `key`; returns whether it was scheduled. */
  delete(key: string): boolean {
    return this.#live.delete(key);
  }

  /** The earliest due time, or `undefined` when empty. */
  peekAt(): number | undefined {
    return this.#top()?.at;
  }

  /** Removes and returns the earliest key if it is due at `now` (`at <= now`). */
  popDue(now: number): string | undefined {
    const top = this.#top();
    if (top === undefined || top.at > now) return undefined;
    this.#pop();
    this.#live.delete(top.key);
    return top.key;
  }

  /** Drops every key. */
  clear(): void {
    this.#heap.length = 0;
    this.#live.clear();
  }

  #top(): Slot | undefined {
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined || this.#live.get(top.key) === top.version) return top;
      this.#pop();
    }
  }

  #rebuild(): void {
    const live = this.#heap.filter((slot) => this.#live.get(slot.key) === slot.version);
    this.#heap.length = 0;
    for (const slot of live) this.#push(slot);
  }

  #push(slot: Slot): void {
    const heap = this.#heap;
    heap.push(slot);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p === undefined || !before(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = last;
      let index = i;
      const l = heap[left];
      if (l !== undefined && before(l, smallest)) {
        smallest = l;
        index = left;
      }
      const r = heap[right];
      if (r !== undefined && before(r, smallest)) {
        smallest = r;
        index = right;
      }
      if (index === i) break;
      heap[i] = smallest;
      i = index;
    }
    heap[i] = last;
  }
}

function before(a: Slot, b: Slot): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}
