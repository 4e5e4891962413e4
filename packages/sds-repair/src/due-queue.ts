import { createMinHeap, type MinHeap } from "@reliable-channel/sds/internals";

interface Slot {
  readonly at: number;
  readonly key: string;
  readonly version: number;
}

/** Due time first, then key, so that the order is deterministic. */
function compareSlots(a: Slot, b: Slot): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * A min-heap of keys by due time (ties broken by key, so the order is deterministic) with O(log n)
 * reschedule and lazy deletion: rescheduled or deleted keys leave stale slots that are skipped when they
 * surface, and the heap is rebuilt once stale slots outnumber live ones. The heap itself is the core's
 * {@link MinHeap}. Internal to this package.
 */
export class DueQueue {
  #heap: MinHeap<Slot> = createMinHeap(compareSlots);
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
    this.#heap.push({ at, key, version: this.#version });
    if (this.#heap.size > 2 * this.#live.size + 32) this.#rebuild();
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
    this.#heap.pop();
    this.#live.delete(top.key);
    return top.key;
  }

  /** Drops every key. */
  clear(): void {
    this.#heap = createMinHeap(compareSlots);
    this.#live.clear();
  }

  /** The earliest live slot, dropping stale ones on the way. */
  #top(): Slot | undefined {
    for (let top = this.#heap.peek(); top !== undefined; top = this.#heap.peek()) {
      if (this.#live.get(top.key) === top.version) return top;
      this.#heap.pop();
    }
    return undefined;
  }

  #rebuild(): void {
    const old = this.#heap;
    this.#heap = createMinHeap(compareSlots);
    for (let slot = old.pop(); slot !== undefined; slot = old.pop()) {
      if (this.#live.get(slot.key) === slot.version) this.#heap.push(slot);
    }
  }
}
