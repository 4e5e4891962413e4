import { toHex } from "@reliable-channel/hash";
import { type LightNode, utf8ToBytes, waku } from "@waku/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWakuTestNode, type WakuTestNode } from "../src/index.js";
import { CONTENT_TOPIC, collect, connectLightNode, guard, hashLookup, stopLightNode } from "./light-node.js";

describe("an unmodified @waku/sdk 0.0.36 light node against the test node", () => {
  let node: WakuTestNode;
  let light: LightNode;

  beforeEach(async () => {
    node = await startWakuTestNode();
    light = await connectLightNode(node);
  });

  afterEach(async () => {
    await stopLightNode(light);
    await node.stop();
  });

  it("sends with light push, receives with filter, and finds the message in the store by topic and hash", async () => {
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    const decoder = light.createDecoder({ contentTopic: CONTENT_TOPIC });
    const inbox = collect(1);
    expect(await light.filter.subscribe(decoder, inbox.callback)).toBe(true);

    const result = await light.lightPush.send(encoder, { payload: utf8ToBytes("hello") });
    expect(result.failures).toEqual([]);
    expect(result.successes.map(String)).toEqual([node.peerId]);

    const [received] = await guard(inbox.done, "the filter push");
    expect(received?.payload).toEqual(utf8ToBytes("hello"));
    expect(received?.pubsubTopic).toBe(encoder.pubsubTopic);

    const byTopic = [];
    for await (const page of light.store.queryGenerator([decoder])) {
      for (const message of await Promise.all(page)) if (message) byTopic.push(message);
    }
    expect(byTopic.map((message) => message.payload)).toEqual([utf8ToBytes("hello")]);

    const hash = waku.messageHash(encoder.pubsubTopic, received as NonNullable<typeof received>);
    expect(node.archive.has(hash)).toBe(true);
    const byHash = [];
    for await (const page of light.store.queryGenerator([decoder], hashLookup(light, [hash]))) {
      for (const message of await Promise.all(page)) if (message) byHash.push(message);
    }
    expect(byHash).toHaveLength(1);
    expect(toHex(byHash[0]?.hash ?? new Uint8Array())).toBe(toHex(hash));
  });
});
