import { createHash } from "node:crypto";
import type { RetrievedPayload, Transport, TransportListener } from "@reliable-channel/interfaces";

/** Delivers to one subscriber. */
type Subscriber = (bytes: Uint8Array, hint: Uint8Array) => void;

/**
 * The crash test's network: a broadcast topic with a store that never forgets, in the parent process. Every
 * publish goes to every subscriber (the publisher too) on a later turn of the event loop; hints are sha256.
 */
export class Hub {
  readonly #store = new Map<string, RetrievedPayload>();
  readonly #subscribers = new Set<Subscriber>();

  /** Stores and broadcasts `bytes`; returns their retrieval hint. */
  publish(bytes: Uint8Array): Uint8Array {
    const hint = new Uint8Array(createHash("sha256").update(bytes).digest());
    this.#store.set(Buffer.from(hint).toString("hex"), { retrievalHint: hint, bytes });
    for (const subscriber of this.#subscribers) setImmediate(() => subscriber(bytes, hint));
    return hint;
  }

  /** The stored payloads among `hints`. */
  retrieve(hints: readonly Uint8Array[]): RetrievedPayload[] {
    return hints.flatMap((hint) => this.#store.get(Buffer.from(hint).toString("hex")) ?? []);
  }

  /** Adds a subscriber; returns its removal. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** A `Transport` on this hub for a participant in the parent process. */
  transport(): Transport {
    const listeners = new Set<TransportListener>();
    let unsubscribe: (() => void) | undefined;
    return {
      start: async () => {
        unsubscribe ??= this.subscribe((bytes, hint) => {
          for (const listener of listeners) listener(bytes, { retrievalHint: hint });
        });
      },
      stop: async () => {
        unsubscribe?.();
        unsubscribe = undefined;
      },
      publish: async (bytes) => ({ retrievalHint: this.publish(bytes) }),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      retrieve: async (hints) => this.retrieve(hints),
    };
  }
}
