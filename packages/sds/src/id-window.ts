/**
 * A bounded set of ids: two generations of `capacity / 2`; when the current one is full it becomes the
 * previous one and the oldest generation is forgotten. Membership is exact for the last
 * `capacity / 2` .. `capacity` ids added.
 */
export interface IdWindow {
  has(id: string): boolean;
  add(id: string): void;
  readonly size: number;
  /** Ids oldest first (for persistence). */
  values(): string[];
}

/** Creates an {@link IdWindow} of `capacity` ids, optionally pre-filled (oldest first). */
export function createIdWindow(capacity: number, initial: readonly string[] = []): IdWindow {
  const half = Math.max(1, Math.floor(capacity / 2));
  let previous = new Set<string>();
  let current = new Set<string>();
  const window: IdWindow = {
    has: (id) => current.has(id) || previous.has(id),
    add(id) {
      if (window.has(id)) return;
      if (current.size >= half) {
        previous = current;
        current = new Set();
      }
      current.add(id);
    },
    get size() {
      return current.size + previous.size;
    },
    values: () => [...previous, ...current],
  };
  for (const id of initial) window.add(id);
  return window;
}
