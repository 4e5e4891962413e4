import { type StoredPayload, type TimeRange, TransientTransportError } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder, QueryRequestParams } from "@waku/sdk";
import { hintOf, timestampMsOf } from "./message-hint.js";
import { MAX_STORE_QUERY_SPAN_MS, type WakuTransportStore } from "./options.js";

/** What {@link queryRangePages} asks the store with. */
export interface RangeQueryInit {
  readonly store: WakuTransportStore;
  /** The transport's decoder: its content topic and pubsub topic are the query's. */
  readonly decoder: IDecoder<IDecodedMessage>;
  /** Messages per store page (`paginationLimit`). */
  readonly pageSize: number;
  /** Bounds the wait for one page: rejects on timeout, abort or stop, with the error to report. */
  readonly bound: <T>(work: Promise<T>) => Promise<T>;
}

/** The latest time a `Date` holds (ms): a `to` at or beyond it is an open end. */
const MAX_DATE_MS = 8.64e15;

/** One store query of a range query: what to keep (integer ms, inclusive) and the time filter to send. */
interface Window {
  readonly from: number;
  readonly to: number;
  readonly timeStart?: Date;
  readonly timeEnd?: Date;
}

/**
 * The store queries that cover `range` exactly. A finite range is cut into windows of at most
 * {@link MAX_STORE_QUERY_SPAN_MS}, each asked with both ends, so that neither `@waku/core` (which refuses a
 * longer one) nor `@waku/sdk` 0.0.36 splits it: the sdk's split leaves out the last, shorter part of a
 * longer range. An open end (`from` at or below 0, no message has an earlier timestamp; `to` infinite, or
 * beyond what a `Date` holds) is not sent, and the range is then one query.
 *
 * Each window's filter is 1 ms wider than the window on both sides, and what the store answers is kept only
 * if its timestamp lies in the window: `@waku/core` converts a `Date` to ns in floating point
 * (`getTime() * 1_000_000`), which is off by up to 128 ns for today's dates, so a filter at exactly `from`
 * may leave out a message stamped at `from`; and stores differ on whether `timeEnd` is inclusive.
 */
function* windowsOf(range: TimeRange): Generator<Window> {
  const openStart = range.from <= 0;
  const openEnd = range.to >= MAX_DATE_MS;
  const from = openStart ? 0 : Math.ceil(range.from);
  const to = Math.floor(range.to);
  if (from > to) return;
  if (openStart || openEnd) {
    yield {
      from,
      to,
      ...(openStart ? {} : { timeStart: new Date(from - 1) }),
      ...(openEnd ? {} : { timeEnd: new Date(to + 1) }),
    };
    return;
  }
  // A window [start, end] is asked as [start - 1, end + 1]: a span of (end - start) + 2 ms at most.
  const width = MAX_STORE_QUERY_SPAN_MS - 2;
  for (let start = from; start <= to; start += width + 1) {
    const end = Math.min(to, start + width);
    yield { from: start, to: end, timeStart: new Date(start - 1), timeEnd: new Date(end + 1) };
  }
}

/**
 * Every stored payload of the decoder's content topic whose timestamp (ms) lies in `range`, page by page,
 * oldest first, each once: Store v3 queries by content topic, pubsub topic and time range, forward, with
 * data. A payload's hint is the Waku message hash of its envelope on the decoder's pubsub topic (the one
 * `publish` returned), its `storedAt` the envelope's timestamp in ms. Messages without a timestamp or that
 * do not decode are left out; a page left empty by that is not yielded.
 *
 * @throws TransientTransportError when the store cannot be asked (no store peer, stream or status error);
 *   whatever `bound` rejects with (timeout, abort, stop) as is
 */
export async function* queryRangePages(
  init: RangeQueryInit,
  range: TimeRange,
): AsyncGenerator<readonly StoredPayload[], void, undefined> {
  for (const window of windowsOf(range)) {
    const pages = init.store.queryGenerator([init.decoder], queryOf(init, window));
    try {
      for (;;) {
        const page = await init.bound(nextPage(pages, init.decoder.pubsubTopic, window));
        if (page === undefined) break;
        if (page.length > 0) yield page;
      }
    } finally {
      // Not awaited: a page still in flight (timed out, aborted) would hold it until the sdk gives up.
      pages.return(undefined).catch(() => undefined);
    }
  }
}

function queryOf(init: RangeQueryInit, window: Window): Partial<QueryRequestParams> {
  const { decoder, pageSize } = init;
  return {
    pubsubTopic: decoder.pubsubTopic,
    contentTopics: [decoder.contentTopic],
    ...(window.timeStart === undefined ? {} : { timeStart: window.timeStart }),
    ...(window.timeEnd === undefined ? {} : { timeEnd: window.timeEnd }),
    includeData: true,
    paginationForward: true,
    paginationLimit: pageSize,
  };
}

type Pages = AsyncGenerator<Promise<IDecodedMessage | undefined>[]>;

/** The next page of `pages` as stored payloads of `window`, or `undefined` when there is none. */
async function nextPage(
  pages: Pages,
  pubsubTopic: string,
  window: Window,
): Promise<StoredPayload[] | undefined> {
  try {
    const next = await pages.next();
    if (next.done === true) return undefined;
    const found: StoredPayload[] = [];
    for (const settled of await Promise.allSettled(next.value)) {
      if (settled.status !== "fulfilled" || settled.value === undefined) continue;
      const storedAt = timestampMsOf(settled.value);
      if (storedAt === undefined || storedAt < window.from || storedAt > window.to) continue;
      found.push({
        retrievalHint: hintOf(settled.value, pubsubTopic),
        bytes: settled.value.payload,
        storedAt,
      });
    }
    return found;
  } catch (error) {
    throw new TransientTransportError("waku store range query failed", { cause: error });
  }
}
