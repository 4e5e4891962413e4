import { TransientTransportError } from "@reliable-channel/interfaces";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_STORE_LOOKUP_WINDOW_MS, type WakuTransport, wakuTransport } from "../src/index.js";
import type { WakuTransportNode } from "../src/options.js";
import { STORE_HASHES_PER_QUERY } from "../src/options.js";
import { FakeWakuNetwork, fakeLightNode } from "./fake-waku.js";
import { bytes, hex } from "./transport-fixtures.js";

afterEach(() => {
  vi.useRealTimers();
});

const hashQueries = (network: FakeWakuNetwork) =>
  network.storeQueries.filter((query) => (query.messageHashes?.length ?? 0) > 0);

/** Content topics of a room name, the first `count` that autoshard to the same pubsub topic as the first. */
function sameShardTopics(node: WakuTransportNode, count: number): string[] {
  const topicOf = (i: number) => `/shared-lookups/1/room-${i}/proto`;
  const shard = wakuTransport({ node, contentTopic: topicOf(0) }).pubsubTopic;
  const topics: string[] = [];
  for (let i = 0; topics.length < count; i++) {
    if (wakuTransport({ node, contentTopic: topicOf(i) }).pubsubTopic === shard) topics.push(topicOf(i));
  }
  return topics;
}

/** Publishes `value` on `transport` with the filter push dropped (the store has it); returns its hint. */
async function storedOnly(network: FakeWakuNetwork, transport: WakuTransport, value: number) {
  network.dropPushes += 1;
  const { retrievalHint } = await transport.publish(bytes(value));
  if (retrievalHint === undefined) throw new Error("no hint");
  return retrievalHint;
}

describe("shared store lookups: the transports of one node", () => {
  it("lookups within the window go out as one hash query; each caller gets its own topic's messages among its hints", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const [topicA, topicB] = sameShardTopics(node, 2);
    if (topicA === undefined || topicB === undefined) throw new Error("topics");
    const [a1, a2, b] = [topicA, topicA, topicB].map((contentTopic) => wakuTransport({ node, contentTopic }));
    if (a1 === undefined || a2 === undefined || b === undefined) throw new Error("transports");
    await Promise.all([a1, a2, b].map((t) => t.start()));
    const onA = await storedOnly(network, a1, 1);
    const onB = await storedOnly(network, b, 2);

    const lookups = [
      a1.retrieve?.([onA]),
      a2.retrieve?.([onA, onB]), // onB is another topic's message: not a2's to get
      b.retrieve?.([onB]),
    ];
    expect(hashQueries(network)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(DEFAULT_STORE_LOOKUP_WINDOW_MS);
    const [gotA1, gotA2, gotB] = await Promise.all(lookups);

    expect(hashQueries(network)).toHaveLength(1);
    expect(hashQueries(network)[0]?.messageHashes?.map(hex).sort()).toEqual([hex(onA), hex(onB)].sort());
    expect(gotA1?.map((p) => [hex(p.retrievalHint), p.bytes.join()])).toEqual([[hex(onA), "1"]]);
    expect(gotA2?.map((p) => [hex(p.retrievalHint), p.bytes.join()])).toEqual([[hex(onA), "1"]]);
    expect(gotB?.map((p) => [hex(p.retrievalHint), p.bytes.join()])).toEqual([[hex(onB), "2"]]);
    // Each caller has its own bytes, and the hint bytes it gave.
    expect(gotA1?.[0]?.bytes).not.toBe(gotA2?.[0]?.bytes);
    await Promise.all([a1, a2, b].map((t) => t.stop()));
  });

  it("storeLookupWindowMs 0: every lookup is its own query, at once", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const transports = [1, 2, 3].map(() =>
      wakuTransport({ node, contentTopic: "/shared-lookups/1/solo/proto", storeLookupWindowMs: 0 }),
    );
    await Promise.all(transports.map((t) => t.start()));
    const [first] = transports;
    if (first === undefined) throw new Error("transport");
    const hint = await storedOnly(network, first, 7);
    const found = await Promise.all(transports.map((t) => t.retrieve?.([hint])));
    expect(found.map((f) => f?.length)).toEqual([1, 1, 1]);
    expect(hashQueries(network)).toHaveLength(3);
    await Promise.all(transports.map((t) => t.stop()));
  });

  it("a full batch goes at once, without waiting for the window", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const transport = wakuTransport({ node, contentTopic: "/shared-lookups/1/full/proto" });
    await transport.start();
    const hints = Array.from({ length: STORE_HASHES_PER_QUERY }, (_, i) => new Uint8Array(32).fill(i));
    await expect(transport.retrieve?.(hints)).resolves.toEqual([]);
    expect(hashQueries(network)).toHaveLength(1);
    await transport.stop();
  });

  it("marked (nim-sds) and plain transports on one topic do not share a decoder: the marked one never gets an unmarked message", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const contentTopic = "/shared-lookups/1/mixed/proto";
    const plain = wakuTransport({ node, contentTopic });
    const marked = wakuTransport({ node, contentTopic, wireProfile: "nim-sds" });
    await Promise.all([plain.start(), marked.start()]);
    const unmarked = await storedOnly(network, plain, 3);
    const lookups = [plain.retrieve?.([unmarked]), marked.retrieve?.([unmarked])];
    await vi.advanceTimersByTimeAsync(DEFAULT_STORE_LOOKUP_WINDOW_MS);
    const [gotPlain, gotMarked] = await Promise.all(lookups);
    expect(gotPlain?.map((p) => p.bytes.join())).toEqual(["3"]);
    expect(gotMarked).toEqual([]);
    expect(hashQueries(network)).toHaveLength(2);
    await Promise.all([plain.stop(), marked.stop()]);
  });

  it("a failed query fails every caller of its batch as transient", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const transports = [1, 2].map(() =>
      wakuTransport({ node, contentTopic: "/shared-lookups/1/fail/proto" }),
    );
    await Promise.all(transports.map((t) => t.start()));
    network.storeThrows = new Error("no store peer");
    const lookups = transports.map((t) => t.retrieve?.([new Uint8Array(32)]).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(DEFAULT_STORE_LOOKUP_WINDOW_MS);
    const errors = await Promise.all(lookups);
    expect(errors.every((e) => e instanceof TransientTransportError)).toBe(true);
    expect(hashQueries(network)).toHaveLength(1);
    await Promise.all(transports.map((t) => t.stop()));
  });
});
