/**
 * Concurrent requests of one kind in flight on one node, shared by every transport on it: a chat app holds
 * hundreds of channels, each with its own transport on the same node, and a burst from all of them at once
 * (a send to each, every catch-up after a reconnect) must not open hundreds of streams on the one
 * connection to the service node. A service node refuses streams past its limit (the loopback test node at
 * 100 per protocol), and `@waku/sdk` 0.0.36 answers failed light pushes by dropping the connection, after
 * which every channel catches up at once: the light node stalls.
 */
export class RequestGate {
  readonly #max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  /** Waits for a slot; the returned function gives it back (once; later calls do nothing). */
  async acquire(): Promise<() => void> {
    if (this.#active < this.#max) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so no newcomer can take it in between.
      const next = this.#waiting.shift();
      if (next === undefined) this.#active--;
      else next();
    };
  }
}

/** Most light pushes (or relay sends) in flight per node. @default 32 (requests) */
export const MAX_PUBLISHES_IN_FLIGHT = 32;
/** Most store requests (hash lookups, range queries) in flight per node. @default 8 (requests) */
export const MAX_STORE_REQUESTS_IN_FLIGHT = 8;

/** The gates of one node. */
export interface NodeGates {
  readonly publish: RequestGate;
  readonly store: RequestGate;
}

const byNode = new WeakMap<object, NodeGates>();

/** The gates of `node`, shared by every transport created on it. */
export function gatesOf(node: object): NodeGates {
  let gates = byNode.get(node);
  if (gates === undefined) {
    gates = {
      publish: new RequestGate(MAX_PUBLISHES_IN_FLIGHT),
      store: new RequestGate(MAX_STORE_REQUESTS_IN_FLIGHT),
    };
    byNode.set(node, gates);
  }
  return gates;
}
