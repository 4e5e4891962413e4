import { type StoreQueryEvent, startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { type WakuTransport, wakuTransport } from "../src/index.js";
import { connectLightNode } from "./loopback.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/store-lookup/proto";

describe("Store v3 hash lookups over real @waku/sdk light nodes and the loopback test node", () => {
  let service: WakuTestNode | undefined;
  let lights: LightNode[] = [];
  let transports: WakuTransport[] = [];

  afterEach(async () => {
    await Promise.all(transports.map((t) => t.stop()));
    await Promise.all(lights.map((light) => light.stop()));
    await service?.stop();
    [lights, transports] = [[], []];
  });

  it("carry no content-filter field (the node refuses a lookup that does, as nwaku may), and still find the message", async () => {
    const node = await startWakuTestNode();
    service = node;
    const queries: StoreQueryEvent[] = [];
    node.events.on("store-query", (event) => queries.push(event));
    lights = await Promise.all([connectLightNode(node), connectLightNode(node)]);
    transports = lights.map((light) => wakuTransport({ node: light, contentTopic }));
    await Promise.all(transports.map((t) => t.start()));
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
