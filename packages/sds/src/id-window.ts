/**
 * A bounded set of ids: two generations of `capacity / 2`; when the current one is full it becomes the
 * previous one and the oldest generation is forgotten. Membership is exact for the last
 * `capacity / 2` .. `capacity` ids added.
 */
export interface IdWindow {
  has(id: string): boolean;
  /**
   * Adds `id`; returns the ids forgotten to make room (the oldest generation, when the current one rolled),
   * or undefined when `id` was already held (nothing changed).
   */
  add(id: string): readonly string[] | undefined;
  readonly size: number;
  /** How many times the current generation became the previous one (counted from creation, pre-fill included). */
  readonly rolls: number;
  /** Ids oldest first (for persistence). */
  values(): string[];
}

const NONE: readonly string[] = [];

/** Creates an {@link IdWindow} of `capacity` ids, optionally pre-filled (oldest first). */
export function createIdWindow(capacity: number, initial: readonly string[] = []): IdWindow {
  const half = Math.max(1, Math.floor(capacity / 2));
  let previous = new Set<string>();
  let current = new Set<string>();
  let rolls = 0;
  const window: IdWindow = {
    has: (id) => current.has(id) || previous.has(id),
    add(id) {
      if (window.has(id)) return undefined;
      let dropped: readonly string[] = NONE;
      if (current.size >= half) {
        if (previous.size > 0) dropped = [...previous];
        previous = current;
        current = new Set();
        rolls += 1;
      }
      current.add(id);
      return dropped;
    },
    get size() {
      return current.size + previous.size;
    },
    get rolls() {
      return rolls;
    },
    values: () => [...previous, ...current],
  };
  for (const id of initial) window.add(id);
  return window;
}
