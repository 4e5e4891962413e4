import { proto_filter_v2, proto_lightpush, proto_metadata, proto_store } from "@waku/proto";
import type { LightNode } from "@waku/sdk";
import { lpStream } from "it-length-prefixed-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FILTER_SUBSCRIBE_CODEC,
  LIGHT_PUSH_V3_CODEC,
  METADATA_CODEC,
  STORE_V3_CODEC,
  startWakuTestNode,
  type WakuTestNode,
} from "../src/index.js";
import { CONTENT_TOPIC, connectLightNode, stopLightNode } from "./light-node.js";

/** One request/response exchange on a fresh stream from the light node's libp2p. */
async function exchange(
  light: LightNode,
  node: WakuTestNode,
  codec: string,
  request: Uint8Array,
): Promise<Uint8Array> {
  const stream = await light.libp2p.dialProtocol(node.libp2p.peerId, codec);
  const framed = lpStream(stream);
  await framed.write(request);
  await stream.closeWrite();
  const response = await framed.read();
  // Read to the end, as @waku/core does, so the node's close arrives before the stream is dropped.
  await expect(framed.read()).rejects.toThrow(/end of input/);
  return response.subarray();
}

describe("the protocols on the wire, with requests @waku/sdk never sends", () => {
  let node: WakuTestNode;
  let light: LightNode;

  beforeEach(async () => {
    node = await startWakuTestNode({ maxMessageBytes: 1_024 });
    light = await connectLightNode(node);
  });

  afterEach(async () => {
    await stopLightNode(light);
    await node.stop();
  });

  const push = async (fields: Partial<proto_lightpush.LightPushRequestV3>) =>
    proto_lightpush.LightPushResponseV3.decode(
      await exchange(
        light,
        node,
        LIGHT_PUSH_V3_CODEC,
        proto_lightpush.LightPushRequestV3.encode({ requestId: "q", ...fields }),
      ),
    );

  it.each([
    ["no message", 400, {}],
    [
      "an empty content topic",
      420,
      { pubsubTopic: "/waku/2/rs/1/0", message: { payload: new Uint8Array([1]), contentTopic: "" } },
    ],
    [
      "another cluster's topic",
      421,
      {
        pubsubTopic: "/waku/2/rs/2/0",
        message: { payload: new Uint8Array([1]), contentTopic: CONTENT_TOPIC },
      },
    ],
    [
      "a too-large message",
      413,
      { message: { payload: new Uint8Array(2_000), contentTopic: CONTENT_TOPIC } },
    ],
  ])("answers a light push with %s with status %i and archives nothing", async (_, status, fields) => {
    const response = await push(fields);
    expect(response).toMatchObject({ requestId: "q", statusCode: status });
    expect(node.archive.size).toBe(0);
    expect(node.stats.lightPushesRejected).toBe(1);
  });

  it("autoshards a light push that has no pubsub topic", async () => {
    const response = await push({
      message: {
        payload: new Uint8Array([1]),
        contentTopic: CONTENT_TOPIC,
        timestamp: BigInt(Date.now()) * 1_000_000n,
      },
    });
    expect(response.statusCode).toBe(200);
    expect(node.archive.entries()[0]?.pubsubTopic).toBe(
      light.createEncoder({ contentTopic: CONTENT_TOPIC }).pubsubTopic,
    );
  });

  it("acknowledges a repeated envelope once more but archives and pushes it only once", async () => {
    const message = {
      payload: new Uint8Array([7]),
      contentTopic: CONTENT_TOPIC,
      timestamp: BigInt(Date.now()) * 1_000_000n,
    };
    const pubsubTopic = light.createEncoder({ contentTopic: CONTENT_TOPIC }).pubsubTopic;
    const accepted: string[] = [];
    node.events.on("message-accepted", (event) => accepted.push(event.hashHex));
    expect((await push({ pubsubTopic, message })).statusCode).toBe(200);
    expect((await push({ pubsubTopic, message })).statusCode).toBe(200);
    expect(accepted).toHaveLength(1);
    expect(node.archive.size).toBe(1);
    expect(node.stats.duplicates).toBe(1);
  });

  it("answers undecodable light push and store requests with 400", async () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff]);
    expect(
      proto_lightpush.LightPushResponseV3.decode(await exchange(light, node, LIGHT_PUSH_V3_CODEC, garbage))
        .statusCode,
    ).toBe(400);
    expect(
      proto_store.StoreQueryResponse.decode(await exchange(light, node, STORE_V3_CODEC, garbage)).statusCode,
    ).toBe(400);
  });

  it("answers filter pings 404 without a subscription and 200 with one; unsubscribe ends it", async () => {
    const Type = proto_filter_v2.FilterSubscribeRequest.FilterSubscribeType;
    const filter = async (
      filterSubscribeType: proto_filter_v2.FilterSubscribeRequest.FilterSubscribeType,
      contentTopics: string[] = [],
    ) => {
      const request = proto_filter_v2.FilterSubscribeRequest.encode({
        requestId: "f",
        filterSubscribeType,
        contentTopics,
        pubsubTopic: node.pubsubTopics[0] ?? "",
      });
      return proto_filter_v2.FilterSubscribeResponse.decode(
        await exchange(light, node, FILTER_SUBSCRIBE_CODEC, request),
      ).statusCode;
    };
    expect(await filter(Type.SUBSCRIBER_PING)).toBe(404);
    expect(await filter(Type.SUBSCRIBE)).toBe(400);
    expect(await filter(Type.SUBSCRIBE, ["/a/1/b/proto"])).toBe(200);
    expect(await filter(Type.SUBSCRIBER_PING)).toBe(200);
    expect(await filter(Type.UNSUBSCRIBE, ["/a/1/other/proto"])).toBe(404);
    expect(await filter(Type.UNSUBSCRIBE, ["/a/1/b/proto"])).toBe(200);
    expect(await filter(Type.SUBSCRIBER_PING)).toBe(404);
    expect(await filter(Type.UNSUBSCRIBE_ALL)).toBe(404);
  });

  it("announces its cluster and shards in metadata and hangs up on another cluster", async () => {
    const answer = async (clusterId: number) =>
      proto_metadata.WakuMetadataResponse.decode(
        await exchange(
          light,
          node,
          METADATA_CODEC,
          proto_metadata.WakuMetadataRequest.encode({ clusterId, shards: [] }),
        ),
      );
    expect(await answer(1)).toEqual({ clusterId: 1, shards: [0, 1, 2, 3, 4, 5, 6, 7] });
    const closed = new Promise<void>((resolve) =>
      node.libp2p.addEventListener("peer:disconnect", () => resolve(), { once: true }),
    );
    await answer(2);
    await closed;
    expect(node.libp2p.getConnections()).toEqual([]);
  });
});
