import type { Transport } from "@reliable-channel/interfaces";

/**
 * `inner`, with every payload it hands to the channel reported to `onBytes` first: live deliveries,
 * retrievals by hint and range-query pages. The sweep learns from it which bytes a participant had, and
 * when (an `irretrievable` of bytes it had is a broken promise). Everything else passes through unchanged.
 */
export function tapTransport(inner: Transport, onBytes: (bytes: Uint8Array) => void): Transport {
  const { retrieve, queryRange } = inner;
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (listener) =>
      inner.subscribe((bytes, meta) => {
        onBytes(bytes);
        listener(bytes, meta);
      }),
    ...(retrieve === undefined
      ? {}
      : {
          async retrieve(hints, options) {
            const found = await retrieve.call(inner, hints, options);
            for (const payload of found) onBytes(payload.bytes);
            return found;
          },
        }),
    ...(queryRange === undefined
      ? {}
      : {
          async *queryRange(range, options) {
            for await (const page of queryRange.call(inner, range, options)) {
              for (const payload of page) onBytes(payload.bytes);
              yield page;
            }
          },
        }),
    ...(inner.connectivity === undefined ? {} : { connectivity: inner.connectivity }),
    ...(inner.retention === undefined ? {} : { retention: inner.retention }),
    ...(inner.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: inner.maxPayloadBytes }),
  };
}
