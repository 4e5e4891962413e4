import { type LightNode, utf8ToBytes } from "@waku/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWakuTestNode, type WakuTestNode } from "../src/index.js";
import {
  CONTENT_TOPIC,
  collect,
  connectLightNode,
  guard,
  messageQueue,
  stopLightNode,
} from "./light-node.js";

/** More than @waku/sdk's 100 inbound filter-push streams per connection. */
const COUNT = 130;

describe("many messages to several @waku/sdk subscribers", () => {
  let node: WakuTestNode;
  let sender: LightNode;
  let other: LightNode;
  let lights: readonly LightNode[];

  beforeEach(async () => {
    node = await startWakuTestNode();
    sender = await connectLightNode(node);
    other = await connectLightNode(node);
    lights = [sender, other];
  });

  afterEach(async () => {
    for (const light of lights) await stopLightNode(light);
    await node.stop();
  });

  it("delivers every message to every subscriber, in order, on one push stream per subscriber", async () => {
    const inboxes = [];
    for (const light of lights) {
      const inbox = collect(COUNT);
      await light.filter.subscribe(light.createDecoder({ contentTopic: CONTENT_TOPIC }), inbox.callback);
      inboxes.push(inbox);
    }
    const encoder = sender.createEncoder({ contentTopic: CONTENT_TOPIC });
    const payloads = Array.from({ length: COUNT }, (_, i) => `message ${i}`);
    for (const payload of payloads) {
      const result = await sender.lightPush.send(
        encoder,
        { payload: utf8ToBytes(payload) },
        { autoRetry: false },
      );
      expect(result.failures).toEqual([]);
    }
    for (const inbox of inboxes) {
      const received = await guard(inbox.done, `${COUNT} pushes`);
      expect(received.map((message) => new TextDecoder().decode(message.payload))).toEqual(payloads);
    }
    expect(node.stats).toMatchObject({ filterPushes: 2 * COUNT, filterPushesFailed: 0 });
    const pushStreams = node.libp2p
      .getConnections()
      .flatMap((connection) => connection.streams)
      .filter((stream) => stream.protocol === "/vac/waku/filter-push/2.0.0-beta1");
    expect(pushStreams).toHaveLength(2);
  });

  it("opens a new push stream when the subscriber closes its stream (as go-waku does)", async () => {
    const inbox = messageQueue();
    await other.filter.subscribe(other.createDecoder({ contentTopic: CONTENT_TOPIC }), inbox.callback);
    const encoder = sender.createEncoder({ contentTopic: CONTENT_TOPIC });
    const text = async (): Promise<string> =>
      new TextDecoder().decode((await guard(inbox.next(), "a push")).payload);
    const pushStreams = () =>
      other.libp2p
        .getConnections()
        .flatMap((connection) => connection.streams)
        .filter((stream) => stream.protocol === "/vac/waku/filter-push/2.0.0-beta1");

    await sender.lightPush.send(encoder, { payload: utf8ToBytes("first") }, { autoRetry: false });
    expect(await text()).toBe("first");
    const [used] = pushStreams();
    await used?.close();
    await sender.lightPush.send(encoder, { payload: utf8ToBytes("second") }, { autoRetry: false });
    expect(await text()).toBe("second");
    expect(pushStreams()).toHaveLength(1);
    expect(pushStreams()[0]?.id).not.toBe(used?.id);
    expect(node.stats.filterPushesFailed).toBe(0);
  });
});
