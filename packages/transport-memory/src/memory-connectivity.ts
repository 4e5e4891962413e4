import type { ConnectivityListener, TransportConnectivity } from "@reliable-channel/interfaces";

/** One subscription, with the value it was last told (so it never hears the same value twice in a row). */
interface Subscription {
  readonly listener: ConnectivityListener;
  told: boolean;
}

/**
 * The connectivity of a memory transport (internal): `online` is read from its source on every access, and
 * {@link MemoryConnectivity.update} tells each listener about a change it has not heard of yet. Listeners run
 * synchronously; one that throws does not disturb the others (the error is re-thrown in a microtask).
 */
export class MemoryConnectivity implements TransportConnectivity {
  readonly #isOnline: () => boolean;
  readonly #subscriptions = new Set<Subscription>();

  /** `isOnline` is the source of truth: the transport is started and its peer is not offline. */
  constructor(isOnline: () => boolean) {
    this.#isOnline = isOnline;
  }

  get online(): boolean {
    return this.#isOnline();
  }

  onChange(listener: ConnectivityListener): () => void {
    const subscription: Subscription = { listener, told: this.online };
    this.#subscriptions.add(subscription);
    return () => {
      this.#subscriptions.delete(subscription);
    };
  }

  /**
   * Tells every listener the current value if it differs from the last one it was told. Safe to call when
   * nothing changed, and from inside a listener (each listener still hears alternating values only).
   */
  update(): void {
    for (const subscription of [...this.#subscriptions]) {
      const online = this.online;
      if (!this.#subscriptions.has(subscription) || subscription.told === online) continue;
      subscription.told = online;
      try {
        subscription.listener(online);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
