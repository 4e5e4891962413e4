import type { WakuTransport } from "../src/index.js";
import { hex } from "./transport-fixtures.js";

/** A transport whose range queries are observed. */
export interface ObservedRangeQueries {
  readonly transport: WakuTransport;
  /** The retrieval hint (hex) of every payload its `queryRange` yielded so far, added as each page is yielded. */
  readonly hints: ReadonlySet<string>;
}

/**
 * `transport` with its `queryRange` observed: each page's hints are recorded before the caller sees the
 * page, so a message delivered with one of these hints was in the store's answer before its delivery.
 */
export function observeRangeQueries(transport: WakuTransport): ObservedRangeQueries {
  const hints = new Set<string>();
  const query = transport.queryRange;
  if (query === undefined) return { transport, hints };
  const observed: WakuTransport = {
    ...transport,
    queryRange: (range, options) => ({
      async *[Symbol.asyncIterator]() {
        for await (const page of query(range, options)) {
          for (const payload of page) hints.add(hex(payload.retrievalHint));
          yield page;
        }
      },
    }),
  };
  return { transport: Object.freeze(observed), hints };
}
