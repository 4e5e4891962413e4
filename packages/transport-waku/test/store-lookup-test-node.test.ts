import type { StoreQueryEvent } from "@reliable-channel/waku-test-node";
import { afterEach, describe, expect, it } from "vitest";
import { createLoopbackFixture } from "./loopback-fixture.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/store-lookup/proto";

describe("Store v3 hash lookups over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("carry no content-filter field (the node refuses a lookup that does, as nwaku may), and still find the message", async () => {
    const node = await loopback.startNode();
    const queries: StoreQueryEvent[] = [];
    node.events.on("store-query", (event) => queries.push(event));
    const lights = await loopback.lightNodes(node, 2);
    const transports = await loopback.transports(lights, contentTopic);
    const [publisher, reader] = transports;
    if (publisher === undefined || reader === undefined) throw new Error("transports");

    const payload = new TextEncoder().encode("looked up by hash");
    const { retrievalHint } = await publisher.publish(payload);
    if (retrievalHint === undefined) throw new Error("no hint");
    const found = await reader.retrieve?.([retrievalHint]);
    expect(found?.map((p) => [hex(p.retrievalHint), new TextDecoder().decode(p.bytes)])).toEqual([
      [hex(retrievalHint), "looked up by hash"],
    ]);
    const lookups = queries.filter((q) => (q.request?.messageHashes ?? 0) > 0);
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup.statusCode).toBe(200);
      expect(lookup.request).toEqual({ messageHashes: 1, contentTopics: [], timeRange: false });
    }

    // The control: the sdk's own hash lookup sends the pubsub topic beside the hash, and is refused.
    const before = queries.length;
    const own = lights[1]?.store.queryGenerator([lights[1].createDecoder({ contentTopic })], {
      messageHashes: [retrievalHint],
    });
    await expect(
      (async () => {
        for await (const _page of own ?? []) break;
      })(),
    ).rejects.toThrow(/400/);
    const refused = queries.slice(before);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      statusCode: 400,
      request: { messageHashes: 1, pubsubTopic: reader.pubsubTopic },
    });
  }, 30_000);
});
