import {
  InvalidArgumentError,
  NotStartedError,
  type StoredPayload,
  type TimeRange,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_QUERY_PAGE_SIZE,
  MAX_STORE_QUERY_SPAN_MS,
  STORE_RESPONSE_MAX_BYTES,
  type WakuTransport,
  wakuTransport,
} from "../src/index.js";
import { FakeWakuNetwork, fakeLightNode, fakeRelayNode } from "./fake-waku.js";
import { bytes, contentTopic, hex, setup } from "./transport-fixtures.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A base time whose ms value `@waku/core` converts to ns with a rounding error (it rounds up). */
const T0 = 1_700_000_000_003;

/** Every page of a range query. */
async function pagesOf(
  transport: WakuTransport,
  range: TimeRange,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<(readonly StoredPayload[])[]> {
  const pages: (readonly StoredPayload[])[] = [];
  for await (const page of transport.queryRange?.(range, options) ?? []) pages.push(page);
  return pages;
}

/** A transport on a fake light node that stamps its publishes at `times` (ms), started, with what it published. */
async function published(times: readonly number[]) {
  const clock = [...times];
  const fixture = setup({ now: () => clock.shift() ?? 0 });
  await fixture.transport.start();
  const hints: string[] = [];
  for (const [i] of times.entries()) {
    hints.push(hex((await fixture.transport.publish(bytes(i + 1))).retrievalHint));
  }
  return { ...fixture, hints };
}

const summary = (pages: readonly (readonly StoredPayload[])[]) =>
  pages.map((page) => page.map((p) => `${p.bytes.join()}@${p.storedAt}`));

describe("wakuTransport: queryRange", () => {
  it("yields what was stored in the range, oldest first, page by page, with the hints publish returned", async () => {
    const { network, transport, hints } = await published([T0 + 30, T0 + 10, T0 + 20, T0 + 40]);
    const pages = await pagesOf(transport, { from: T0 + 10, to: T0 + 30 }, { pageSize: 2 });
    expect(summary(pages)).toEqual([[`2@${T0 + 10}`, `3@${T0 + 20}`], [`1@${T0 + 30}`]]);
    expect(pages.flat().map((p) => hex(p.retrievalHint))).toEqual([hints[1], hints[2], hints[0]]);
    expect(network.storeQueries).toEqual([
      {
        pubsubTopic: transport.pubsubTopic,
        contentTopics: [contentTopic],
        timeStart: new Date(T0 + 9),
        timeEnd: new Date(T0 + 31),
        includeData: true,
        paginationForward: true,
        paginationLimit: 2,
      },
    ]);
  });

  it("keeps both ends inclusive to the ms, whatever the sdk's ns rounding, and nothing outside", async () => {
    const { transport } = await published([T0 - 1, T0, T0 + 1, T0 + 2]);
    // The sdk alone would send timeStart = T0 as slightly more than T0 * 10^6 ns and miss the one at T0.
    expect(BigInt(T0 * 1_000_000)).toBeGreaterThan(BigInt(T0) * 1_000_000n);
    expect(summary(await pagesOf(transport, { from: T0, to: T0 + 1 }))).toEqual([[`2@${T0}`, `3@${T0 + 1}`]]);
    expect(summary(await pagesOf(transport, { from: T0, to: T0 }))).toEqual([[`2@${T0}`]]);
    expect(summary(await pagesOf(transport, { from: T0 - 0.5, to: T0 + 0.5 }))).toEqual([[`2@${T0}`]]);
  });

  it("asks a range longer than 24 h in windows the sdk neither refuses nor splits, each payload once", async () => {
    const day = MAX_STORE_QUERY_SPAN_MS;
    const times = [T0, T0 + day - 1, T0 + day, T0 + 2 * day + 5];
    const { network, transport } = await published(times);
    const pages = await pagesOf(transport, { from: T0, to: T0 + 2 * day + 5 });
    expect(pages.flat().map((p) => p.storedAt)).toEqual(times);
    const spans = network.storeQueries.map(
      (q) => (q.timeEnd?.getTime() ?? 0) - (q.timeStart?.getTime() ?? 0),
    );
    expect(spans.length).toBeGreaterThan(2);
    expect(Math.max(...spans)).toBeLessThanOrEqual(day);
  });

  it("sends no time filter on an open end and asks such a range once", async () => {
    const { network, transport } = await published([T0, T0 + 1]);
    const all = await pagesOf(transport, { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY });
    expect(all.flat().map((p) => p.storedAt)).toEqual([T0, T0 + 1]);
    expect(await pagesOf(transport, { from: 0, to: T0 })).toHaveLength(1);
    expect(await pagesOf(transport, { from: T0 + 1, to: Number.POSITIVE_INFINITY })).toHaveLength(1);
    expect(await pagesOf(transport, { from: T0 + 1, to: Number.MAX_SAFE_INTEGER })).toHaveLength(1);
    expect(network.storeQueries.map((q) => [q.timeStart?.getTime(), q.timeEnd?.getTime()])).toEqual([
      [undefined, undefined],
      [undefined, T0 + 1],
      [T0, undefined],
      [T0, undefined],
    ]);
  });

  it("yields nothing and asks nothing for an empty range; uses the default page size", async () => {
    const { network, transport } = await published([T0]);
    expect(await pagesOf(transport, { from: T0 + 1, to: T0 })).toEqual([]);
    expect(network.storeQueries).toHaveLength(0);
    await pagesOf(transport, { from: T0, to: T0 });
    expect(network.storeQueries[0]?.paginationLimit).toBe(DEFAULT_QUERY_PAGE_SIZE);
  });

  it("asks for no larger page than one store response of the largest messages holds", async () => {
    const { network, transport } = await published([T0]);
    await pagesOf(transport, { from: T0, to: T0 }, { pageSize: 10 });
    await pagesOf(transport, { from: T0, to: T0 }, { pageSize: 100 });
    // 26 messages of 150 KiB (plus framing) fit the sdk's 4 MiB response frame; 100 would not be readable.
    expect(DEFAULT_QUERY_PAGE_SIZE).toBe(26);
    expect(network.storeQueries.map((q) => q.paginationLimit)).toEqual([10, DEFAULT_QUERY_PAGE_SIZE]);
    expect(DEFAULT_QUERY_PAGE_SIZE * (DEFAULT_MAX_MESSAGE_BYTES + 4096)).toBeLessThanOrEqual(
      STORE_RESPONSE_MAX_BYTES,
    );
  });

  it("refuses a NaN end or a bad page size at once, and iterates only while started", async () => {
    const { transport } = setup();
    expect(() => transport.queryRange?.({ from: Number.NaN, to: 1 })).toThrow(InvalidArgumentError);
    for (const pageSize of [0, 1.5, -1]) {
      expect(() => transport.queryRange?.({ from: 0, to: 1 }, { pageSize })).toThrow(InvalidArgumentError);
    }
    await expect(pagesOf(transport, { from: 0, to: 1 })).rejects.toBeInstanceOf(NotStartedError);
  });

  it("fails as transient, with the sdk's error as cause, when the store cannot be asked", async () => {
    const { network, transport } = await published([T0]);
    network.storeThrows = new Error("No peers available to query");
    const error = await pagesOf(transport, { from: T0, to: T0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientTransportError);
    expect(error).toHaveProperty("cause", network.storeThrows);
  });

  it("bounds each page by retrieveTimeoutMs and leaves no timer", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const transport = wakuTransport({ node: fakeLightNode(network), contentTopic, retrieveTimeoutMs: 500 });
    await transport.start();
    await transport.publish(bytes(1));
    network.storePageGate = new Promise(() => undefined);
    const pages = pagesOf(transport, { from: 0, to: Date.now() + 1_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    expect(await pages).toBeInstanceOf(TransientTransportError);
    await transport.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason, or NotStartedError when stopped, between or during pages", async () => {
    const { network, transport } = await published([T0, T0 + 1, T0 + 2]);
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const iterator = transport.queryRange?.(
      { from: T0, to: T0 + 2 },
      { pageSize: 1, signal: controller.signal },
    );
    const pages = iterator?.[Symbol.asyncIterator]();
    expect((await pages?.next())?.value).toHaveLength(1);
    controller.abort(reason);
    await expect(pages?.next()).rejects.toBe(reason);

    let release = (): void => undefined;
    network.storePageGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const during = pagesOf(transport, { from: T0, to: T0 + 2 });
    await transport.stop();
    await expect(during).rejects.toBeInstanceOf(NotStartedError);
    release();
  });

  it("closes the sdk's query when the caller stops iterating early", async () => {
    const { network, transport } = await published([T0, T0 + 1, T0 + 2]);
    for await (const page of transport.queryRange?.({ from: T0, to: T0 + 2 }, { pageSize: 1 }) ?? []) {
      expect(page).toHaveLength(1);
      break;
    }
    expect(network.storePagesServed).toBe(1);
    expect(network.openStoreQueries).toBe(0);
  });

  it("is absent without a store", () => {
    const transport = wakuTransport({ node: fakeRelayNode(new FakeWakuNetwork()), contentTopic });
    expect(transport.queryRange).toBeUndefined();
  });
});
