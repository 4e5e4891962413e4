import { type PublishKind, RateLimitedError, type Transport } from "@reliable-channel/interfaces";

/** What the network accepted from one publisher (when, what kind), and what it refused. */
export interface KindCounts {
  readonly accepted: { readonly at: number; readonly kind: PublishKind }[];
  /** Accepted publishes by epoch start. */
  readonly perEpoch: Map<number, number>;
  refused: number;
}

/**
 * `inner` behind a network that enforces `messagesPerEpoch` per epoch of `epochMs` for this publisher
 * (refusing with `RateLimitedError`, as an RLN relay or light push service does) and counts what it
 * accepted by kind. `now` is the network's clock.
 */
export function countedNetwork(
  inner: Transport,
  quota: { readonly messagesPerEpoch: number; readonly epochMs: number; readonly now: () => number },
  counts: KindCounts,
): Transport {
  const { retrieve, queryRange, connectivity, retention, maxPayloadBytes } = inner;
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: async (bytes, options) => {
      const epoch = Math.floor(quota.now() / quota.epochMs) * quota.epochMs;
      const used = counts.perEpoch.get(epoch) ?? 0;
      if (used >= quota.messagesPerEpoch) {
        counts.refused++;
        throw new RateLimitedError();
      }
      counts.perEpoch.set(epoch, used + 1);
      counts.accepted.push({ at: quota.now(), kind: options?.kind ?? "content" });
      return inner.publish(bytes, options);
    },
    ...(retrieve === undefined ? {} : { retrieve: retrieve.bind(inner) }),
    ...(queryRange === undefined ? {} : { queryRange: queryRange.bind(inner) }),
    ...(connectivity === undefined ? {} : { connectivity }),
    ...(retention === undefined ? {} : { retention }),
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
  };
}

/** Fresh counters. */
export function kindCounts(): KindCounts {
  return { accepted: [], perEpoch: new Map(), refused: 0 };
}
