/** One scheduled callback in a {@link TimerQueue}. */
export interface TimerEntry {
  /** When it falls due (ms of the owning clock). */
  readonly at: number;
  /** Insertion order; breaks ties between timers due at the same time. */
  readonly seq: number;
  readonly callback: () => void;
  /** Set when the timer was cancelled; cancelled entries are skipped when popped. */
  cancelled: boolean;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * A binary min-heap of timers ordered by (due time, insertion order), with lazy cancellation: a cancelled
 * timer stays in the heap until it surfaces, and the heap is compacted once cancelled entries outnumber
 * live ones (so re-arming a far-future timer over and over does not grow it). Internal to the virtual
 * clock; O(log n) push and pop, amortised O(1) cancel.
 */
export class TimerQueue {
  readonly #heap: TimerEntry[] = [];
  #live = 0;
  #seq = 0;

  /** Timers scheduled and neither run nor cancelled. */
  get live(): number {
    return this.#live;
  }

  /** Entries held in the heap, cancelled ones not yet dropped included (for tests of the bound). */
  get slots(): number {
    return this.#heap.length;
  }

  /** Schedules `callback` at `at`; returns the entry (pass it to {@link cancel}). */
  push(at: number, callback: () => void): TimerEntry {
    const entry: TimerEntry = { at, seq: this.#seq++, callback, cancelled: false };
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const up = heap[parent] as TimerEntry;
      if (!before(entry, up)) break;
      heap[i] = up;
      i = parent;
    }
    heap[i] = entry;
    this.#live++;
    return entry;
  }

  /** Cancels `entry`; harmless when it already ran or was cancelled. */
  cancel(entry: TimerEntry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#live--;
    if (this.#heap.length > 2 * this.#live + 32) this.#compact();
  }

  /** The next live timer without removing it, or `undefined` when there is none. */
  peek(): TimerEntry | undefined {
    this.#dropCancelled();
    return this.#heap[0];
  }

  /** Removes and returns the next live timer, marking it as run (cancelling it afterwards is a no-op). */
  pop(): TimerEntry | undefined {
    this.#dropCancelled();
    const top = this.#removeTop();
    if (top !== undefined) {
      top.cancelled = true;
      this.#live--;
    }
    return top;
  }

  /** Rebuilds the heap from its live entries (a sorted array is a valid heap). */
  #compact(): void {
    const live = this.#heap.filter((e) => !e.cancelled).sort((a, b) => (before(a, b) ? -1 : 1));
    this.#heap.length = 0;
    for (const entry of live) this.#heap.push(entry);
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled === true) this.#removeTop();
  }

  #removeTop(): TimerEntry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && before(heap[right] as TimerEntry, heap[left] as TimerEntry) ? right : left;
      const smaller = heap[child] as TimerEntry;
      if (!before(smaller, last)) break;
      heap[i] = smaller;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
