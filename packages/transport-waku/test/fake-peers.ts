import type { WakuTransportPeer, WakuTransportPeerEvent, WakuTransportPeerEvents } from "../src/index.js";

/** The protocols a fake service node announces: light push v3, filter, Store v3 and relay. */
export const SERVICE_PROTOCOLS: readonly string[] = [
  "/vac/waku/lightpush/3.0.0",
  "/vac/waku/filter-subscribe/2.0.0-beta1",
  "/vac/waku/store-query/3.0.0",
  "/vac/waku/relay/2.0.0",
];

/**
 * A node's connected peers and libp2p's `peer:identify` / `peer:disconnect` events, in process: `connect` and
 * `disconnect` change the peers and emit the event synchronously, as libp2p does once its peer store is
 * updated. `list()` answers with the peers as they were when it was called, after the next of `gates`.
 */
export class FakePeers implements WakuTransportPeerEvents {
  /** Each `list()` waits for the next of these, if any, before answering. */
  readonly gates: Promise<void>[] = [];
  /** When set, `list()` rejects with it. */
  listThrows: Error | undefined;
  readonly #connected = new Map<string, readonly string[]>();
  readonly #listeners = new Map<WakuTransportPeerEvent, Set<() => void>>();
  readonly #inFlight = new Set<Promise<WakuTransportPeer[]>>();

  /** How many event listeners are registered, over both events. */
  get listenerCount(): number {
    let count = 0;
    for (const listeners of this.#listeners.values()) count += listeners.size;
    return count;
  }

  addEventListener(type: WakuTransportPeerEvent, listener: () => void): void {
    const listeners = this.#listeners.get(type) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(type, listeners);
  }

  removeEventListener(type: WakuTransportPeerEvent, listener: () => void): void {
    this.#listeners.get(type)?.delete(listener);
  }

  /** Connects (or re-identifies) `name` with `protocols`, without an event: the state before a test. */
  preset(name: string, protocols: readonly string[]): void {
    this.#connected.set(name, protocols);
  }

  /** Connects `name`, announcing `protocols`, and emits `peer:identify`. */
  connect(name: string, protocols: readonly string[]): void {
    this.#connected.set(name, protocols);
    this.#emit("peer:identify");
  }

  /** Closes the connection to `name` and emits `peer:disconnect`. */
  disconnect(name: string): void {
    this.#connected.delete(name);
    this.#emit("peer:disconnect");
  }

  /** The connected peers (the sdk's `getConnectedPeers`). */
  list(): Promise<WakuTransportPeer[]> {
    const snapshot = [...this.#connected.values()].map((protocols) => ({ protocols }));
    const gate = this.gates.shift();
    const answer = (async () => {
      if (gate !== undefined) await gate;
      if (this.listThrows !== undefined) throw this.listThrows;
      return snapshot;
    })();
    this.#inFlight.add(answer);
    void answer.catch(() => undefined).finally(() => this.#inFlight.delete(answer));
    return answer;
  }

  /**
   * Resolves once every `list()` asked so far has answered and its caller has taken the answer (the caller's
   * continuation was queued before this one).
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  #emit(type: WakuTransportPeerEvent): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener();
  }
}
