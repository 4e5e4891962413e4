/**
 * A small binary min-heap ordered by `compare`: O(log n) push and pop, O(1) peek. Used by the core for
 * causal delivery and by `@reliable-channel/sds-repair` for its due-time queues.
 */
export interface MinHeap<T> {
  /** Adds `value`. */
  push(value: T): void;
  /** Removes and returns the smallest value, or `undefined` when empty. */
  pop(): T | undefined;
  /** The smallest value without removing it, or `undefined` when empty. */
  peek(): T | undefined;
  /** Number of values held. */
  readonly size: number;
}

/**
 * Creates an empty {@link MinHeap}. `compare` returns < 0 when its first argument comes first; values
 * that compare equal come out in no particular order, so make `compare` total for a deterministic order.
 */
export function createMinHeap<T>(compare: (a: T, b: T) => number): MinHeap<T> {
  const items: T[] = [];
  const less = (i: number, j: number): boolean => compare(items[i] as T, items[j] as T) < 0;
  const swap = (i: number, j: number): void => {
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  };
  return {
    push(value) {
      items.push(value);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0];
      const last = items.pop() as T;
      if (items.length > 0) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < items.length && less(l, m)) m = l;
          if (r < items.length && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    peek: () => items[0],
    get size() {
      return items.length;
    },
  };
}
