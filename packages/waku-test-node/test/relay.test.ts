import { proto_message } from "@waku/proto";
import { type LightNode, utf8ToBytes } from "@waku/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWakuTestNode, type WakuTestNode } from "../src/index.js";
import { CONTENT_TOPIC, collect, connectLightNode, guard, stopLightNode } from "./light-node.js";
import { connectRelayPeer, type RelayPeer } from "./relay-peer.js";

describe("relay (gossipsub on /vac/waku/relay/2.0.0)", () => {
  let node: WakuTestNode;
  let light: LightNode;
  let peer: RelayPeer;
  let topic: string;

  beforeEach(async () => {
    node = await startWakuTestNode();
    light = await connectLightNode(node);
    topic = light.createEncoder({ contentTopic: CONTENT_TOPIC }).pubsubTopic;
    peer = await connectRelayPeer(node, topic);
  });

  afterEach(async () => {
    await peer.stop();
    await stopLightNode(light);
    await node.stop();
  });

  it("relays a light-pushed message to relay peers", async () => {
    const relayed = new Promise<Uint8Array>((resolve) => {
      peer.services.pubsub.addEventListener("message", (event) => resolve(event.detail.data), { once: true });
    });
    const result = await light.lightPush.send(light.createEncoder({ contentTopic: CONTENT_TOPIC }), {
      payload: utf8ToBytes("to relay"),
    });
    expect(result.failures).toEqual([]);
    const message = proto_message.WakuMessage.decode(await guard(relayed, "the relayed message"));
    expect(message.payload).toEqual(utf8ToBytes("to relay"));
    expect(message.contentTopic).toBe(CONTENT_TOPIC);
  });

  it("pushes and archives a message from a relay peer, and rejects an invalid one", async () => {
    const inbox = collect(1);
    await light.filter.subscribe(light.createDecoder({ contentTopic: CONTENT_TOPIC }), inbox.callback);
    const accepted = node.events.once("message-accepted");
    const timestamp = BigInt(Date.now()) * 1_000_000n;
    await peer.services.pubsub.publish(
      topic,
      proto_message.WakuMessage.encode({ payload: new Uint8Array(), contentTopic: "" }),
    );
    await peer.services.pubsub.publish(
      topic,
      proto_message.WakuMessage.encode({
        payload: utf8ToBytes("from relay"),
        contentTopic: CONTENT_TOPIC,
        timestamp,
      }),
    );
    expect((await guard(accepted, "the relayed message")).via).toBe("relay");
    const [received] = await guard(inbox.done, "the filter push");
    expect(received?.payload).toEqual(utf8ToBytes("from relay"));
    expect(node.archive.entries().map((entry) => entry.message.contentTopic)).toEqual([CONTENT_TOPIC]);
    expect(node.stats.relayMessagesReceived).toBe(1);
  });
});
