import type { StoredPayload, TimeRange } from "@reliable-channel/interfaces";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_STORE_QUERY_SPAN_MS, type WakuTransport, wakuTransport } from "../src/index.js";
import { createLoopbackFixture } from "./loopback-fixture.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/range/proto";
const MESSAGES = 5;

async function pagesOf(
  transport: WakuTransport,
  range: TimeRange,
  pageSize?: number,
): Promise<(readonly StoredPayload[])[]> {
  const pages: (readonly StoredPayload[])[] = [];
  for await (const page of transport.queryRange?.(range, pageSize === undefined ? {} : { pageSize }) ?? []) {
    pages.push(page);
  }
  return pages;
}

const texts = (pages: readonly (readonly StoredPayload[])[]) =>
  pages.map((page) => page.map((p) => new TextDecoder().decode(p.bytes)));

describe("queryRange over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  /** Alice publishes `m0`…`m4` stamped 1 ms apart from `base` (now, within the store's ±20 s window). */
  async function publishFive() {
    const node = await loopback.startNode();
    const [aliceNode, bobNode] = (await loopback.lightNodes(node, 2)) as [LightNode, LightNode];
    const base = Date.now();
    let tick = 0;
    const alice = loopback.track(wakuTransport({ node: aliceNode, contentTopic, now: () => base + tick++ }));
    const bob = loopback.track(wakuTransport({ node: bobNode, contentTopic }));
    await Promise.all([alice, bob].map((transport) => transport.start()));
    const hints: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      hints.push(hex((await alice.publish(new TextEncoder().encode(`m${i}`))).retrievalHint));
    }
    return { base, bob, bobNode, hints };
  }

  it("yields what was published in the range, page by page, oldest first, with publish's hints", async () => {
    const { base, bob, hints } = await publishFive();
    const pages = await pagesOf(bob, { from: base + 1, to: base + 3 }, 2);
    // The store is asked 1 ms wider on each side (see range-query.ts): a page may hold fewer than 2.
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length >= 1 && page.length <= 2)).toBe(true);
    expect(texts(pages).flat()).toEqual(["m1", "m2", "m3"]);
    expect(pages.flat().map((p) => p.storedAt)).toEqual([base + 1, base + 2, base + 3]);
    expect(pages.flat().map((p) => hex(p.retrievalHint))).toEqual(hints.slice(1, 4));
    expect(texts(await pagesOf(bob, { from: base, to: base }))).toEqual([["m0"]]);
  });

  it("covers a range of three days to now, where the sdk's own split leaves out the last day", async () => {
    const { base, bob, bobNode } = await publishFive();
    const from = base - 3 * MAX_STORE_QUERY_SPAN_MS - 1_000;
    const pages = await pagesOf(bob, { from, to: base + MESSAGES });
    expect(texts(pages).flat()).toEqual(["m0", "m1", "m2", "m3", "m4"]);

    // Control: the same range asked of @waku/sdk 0.0.36 directly finds nothing.
    const decoder = bobNode.createDecoder({ contentTopic });
    let found = 0;
    const options = { timeStart: new Date(from), timeEnd: new Date(base + MESSAGES) };
    for await (const page of bobNode.store.queryGenerator([decoder], options)) found += page.length;
    expect(found).toBe(0);
  });
});
