/** A listener of one event type; it receives the event's payload. */
export type EventListener<T> = (detail: T) => void;

/**
 * A small typed event emitter: one event map per emitter, kebab-case names.
 *
 * A listener that throws does not disturb the emitter or the other listeners: the error is re-thrown
 * in a microtask (as `EventTarget` does), so it surfaces as an uncaught exception of the app.
 */
export class TypedEmitter<EventMap extends object> {
  readonly #listeners = new Map<keyof EventMap, Set<EventListener<never>>>();

  /** Adds `listener` for `type`; returns a function that removes it. */
  on<K extends keyof EventMap>(type: K, listener: EventListener<EventMap[K]>): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener as EventListener<never>);
    return () => this.off(type, listener);
  }

  /** Removes `listener` for `type` (no-op when it is not registered). */
  off<K extends keyof EventMap>(type: K, listener: EventListener<EventMap[K]>): void {
    this.#listeners.get(type)?.delete(listener as EventListener<never>);
  }

  /** Resolves with the payload of the next `type` event; rejects with the signal's reason on abort. */
  once<K extends keyof EventMap>(
    type: K,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<EventMap[K]> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        off();
        reject(signal?.reason);
      };
      const off = this.on(type, (detail) => {
        off();
        signal?.removeEventListener("abort", onAbort);
        resolve(detail);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The number of listeners of `type`. */
  listenerCount(type: keyof EventMap): number {
    return this.#listeners.get(type)?.size ?? 0;
  }

  /** Calls every listener of `type` with `detail`, in registration order. */
  protected emit<K extends keyof EventMap>(type: K, detail: EventMap[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as EventListener<EventMap[K]>)(detail);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
