import {
  InvalidArgumentError,
  NotStartedError,
  PermanentTransportError,
  type StoredPayload,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork, DEFAULT_QUERY_PAGE_SIZE, type MemoryNetworkInit } from "../src/index.js";
import { utf8 } from "./helpers.js";

const decoder = new TextDecoder();
type Page = readonly StoredPayload[];

/** Every page of `pages`, as the texts of its payloads. */
async function textPages(pages: AsyncIterable<Page>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const page of pages) out.push(page.map((p) => decoder.decode(p.bytes)));
  return out;
}

/** A started peer `a` that published `texts`, `stepMs` of virtual time apart; returns when each was stored. */
async function published(texts: readonly string[], init: Partial<MemoryNetworkInit> = {}, stepMs = 10) {
  const network = createMemoryNetwork({ seed: 61, ...init });
  const a = network.join("a");
  await a.start();
  const times: number[] = [];
  for (const text of texts) {
    if (times.length > 0) network.clock.advance(stepMs);
    times.push(network.clock.now());
    await a.publish(utf8(text));
  }
  return { network, a, times };
}

/** Whether `promise` has settled, after letting the event loop turn (no wall-clock wait). */
function tracked<T>(promise: Promise<T>): { readonly settled: () => boolean } {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done };
}

describe("queryRange on a memory transport", () => {
  it("yields the payloads stored in the range, both ends inclusive, oldest first, page by page", async () => {
    const { a, times } = await published(["p0", "p1", "p2", "p3", "p4"]);
    const [t0 = 0, t1 = 0, , t3 = 0, t4 = 0] = times;
    expect(await textPages(a.queryRange({ from: t1, to: t3 }))).toEqual([["p1", "p2", "p3"]]);
    expect(await textPages(a.queryRange({ from: t0, to: t4 }, { pageSize: 2 }))).toEqual([
      ["p0", "p1"],
      ["p2", "p3"],
      ["p4"],
    ]);
    expect(await textPages(a.queryRange({ from: t1 + 1, to: t3 - 1 }))).toEqual([["p2"]]);
    expect(await textPages(a.queryRange({ from: t4 + 1, to: t4 + 1_000 }))).toEqual([]);
    expect(await textPages(a.queryRange({ from: t3, to: t1 }))).toEqual([]);
  });

  it("gives each payload its hint, exact bytes (fresh copies) and store time", async () => {
    const { network, a, times } = await published(["x", "y"]);
    const pages: Page[] = [];
    for await (const page of a.queryRange({ from: 0, to: network.clock.now() })) pages.push(page);
    const found = pages.flat();
    expect(found.map((p) => p.storedAt)).toEqual(times);
    for (const payload of found) {
      const stored = network.store.get(payload.retrievalHint);
      expect(stored?.bytes).toEqual(payload.bytes);
      payload.bytes.fill(0);
      expect(stored?.bytes).not.toEqual(payload.bytes);
    }
  });

  it("orders by store time: a republish of identical bytes moves the payload to its new time", async () => {
    const { network, a } = await published(["p0", "p1"]);
    network.clock.advance(10);
    await a.publish(utf8("p0"));
    expect(await textPages(a.queryRange({ from: 0, to: network.clock.now() }))).toEqual([["p1", "p0"]]);
  });

  it("leaves out what the store no longer keeps, and pages by DEFAULT_QUERY_PAGE_SIZE", async () => {
    const texts = Array.from({ length: DEFAULT_QUERY_PAGE_SIZE + 1 }, (_, i) => `m${i}`);
    const { network, a } = await published(["expired", ...texts], { retentionMs: 100_000 }, 1);
    network.clock.advance(100_000 - texts.length); // "expired" is now exactly retentionMs old, m0 1 ms less
    const pages = await textPages(a.queryRange({ from: 0, to: network.clock.now() }));
    expect(pages.map((page) => page.length)).toEqual([DEFAULT_QUERY_PAGE_SIZE, 1]);
    expect(pages.flat()).toEqual(texts);
  });

  it("pages through the matches of its first page: publishes meanwhile neither repeat nor hide one", async () => {
    const { network, a } = await published(["p0", "p1", "p2"]);
    const iterator = a
      .queryRange({ from: 0, to: Number.POSITIVE_INFINITY }, { pageSize: 2 })
      [Symbol.asyncIterator]();
    const first = await iterator.next();
    await a.publish(utf8("p0")); // a republish moves p0 behind p2
    await a.publish(utf8("late"));
    const second = await iterator.next();
    const texts = (r: IteratorResult<Page, void>): string[] =>
      r.done === true ? [] : r.value.map((p) => decoder.decode(p.bytes));
    expect([texts(first), texts(second)]).toEqual([["p0", "p1"], ["p2"]]);
    expect((await iterator.next()).done).toBe(true);
    // A new iteration is a new query, and sees the store as it is now.
    expect(await textPages(a.queryRange({ from: 0, to: network.clock.now() }))).toEqual([
      ["p1", "p2", "p0", "late"],
    ]);
  });

  it("takes retrieveDelayMs of virtual time per page", async () => {
    const { network, a } = await published(["p0", "p1", "p2"], { retrieveDelayMs: 30 }, 0);
    const iterator = a
      .queryRange({ from: 0, to: network.clock.now() }, { pageSize: 2 })
      [Symbol.asyncIterator]();
    for (const size of [2, 1]) {
      const next = iterator.next();
      const page = tracked(next);
      await network.clock.advanceAsync(29);
      expect(page.settled()).toBe(false);
      await network.clock.advanceAsync(1);
      expect((await next).value).toHaveLength(size);
    }
    expect((await iterator.next()).done).toBe(true);
  });

  it("fails with a transient error while the peer is offline, also between pages", async () => {
    const { network, a } = await published(["p0", "p1"]);
    network.setOffline("a", true);
    const offline = textPages(a.queryRange({ from: 0, to: network.clock.now() }));
    await expect(offline).rejects.toBeInstanceOf(TransientTransportError);
    network.setOffline("a", false);
    const iterator = a
      .queryRange({ from: 0, to: network.clock.now() }, { pageSize: 1 })
      [Symbol.asyncIterator]();
    await iterator.next();
    network.setOffline("a", true);
    await expect(iterator.next()).rejects.toBeInstanceOf(TransientTransportError);
  });

  it("fails once per queued failNextRetrieve fault, of its kind, then answers again", async () => {
    const { network, a } = await published(["p0"]);
    const range = { from: 0, to: network.clock.now() };
    network.failNextRetrieve("a", "transient");
    network.failNextRetrieve("a", "permanent");
    await expect(textPages(a.queryRange(range))).rejects.toBeInstanceOf(TransientTransportError);
    await expect(textPages(a.queryRange(range))).rejects.toBeInstanceOf(PermanentTransportError);
    expect(await textPages(a.queryRange(range))).toEqual([["p0"]]);
  });

  it("rejects with NotStartedError before start, and when stopped during a page or between pages", async () => {
    const network = createMemoryNetwork({ seed: 62, retrieveDelayMs: 30 });
    const a = network.join("a");
    const range = { from: 0, to: Number.POSITIVE_INFINITY };
    await expect(textPages(a.queryRange(range))).rejects.toBeInstanceOf(NotStartedError);
    await a.start();
    await a.publish(utf8("p0"));
    await a.publish(utf8("p1"));
    const iterator = a.queryRange(range, { pageSize: 1 })[Symbol.asyncIterator]();
    const first = iterator.next();
    await network.clock.advanceAsync(30);
    expect((await first).value).toHaveLength(1);
    const during = textPages(a.queryRange(range));
    await network.clock.advanceAsync(10);
    await a.stop();
    await expect(during).rejects.toBeInstanceOf(NotStartedError);
    await expect(iterator.next()).rejects.toBeInstanceOf(NotStartedError);
    expect(network.clock.pending()).toBe(0);
  });

  it("rejects with the signal's reason when aborted before or during a page, leaving no timer", async () => {
    const { network, a } = await published(["p0"], { retrieveDelayMs: 30 });
    await network.settle();
    const range = { from: 0, to: network.clock.now() };
    const aborted = new AbortController();
    aborted.abort(new Error("gave up"));
    await expect(textPages(a.queryRange(range, { signal: aborted.signal }))).rejects.toThrow("gave up");
    const controller = new AbortController();
    const query = textPages(a.queryRange(range, { signal: controller.signal }));
    await network.clock.advanceAsync(10);
    controller.abort(new Error("too slow"));
    await expect(query).rejects.toThrow("too slow");
    expect(network.clock.pending()).toBe(0);
  });

  it("rejects a page size that is not a positive integer, and a NaN range end", async () => {
    const { a } = await published([]);
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => a.queryRange({ from: 0, to: 1 }, { pageSize })).toThrow(InvalidArgumentError);
    }
    expect(() => a.queryRange({ from: Number.NaN, to: 1 })).toThrow(InvalidArgumentError);
  });
});
