import { proto_lightpush } from "@waku/proto";
import { type LightNode, LightPushError } from "@waku/sdk";
import { lpStream } from "it-length-prefixed-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIGHT_PUSH_V3_CODEC, startWakuTestNode, type WakuTestNode } from "../src/index.js";
import { createLightPushMeter } from "../src/light-push-quota.js";
import { CONTENT_TOPIC, connectLightNode, stopLightNode } from "./light-node.js";

const EPOCH_MS = 10_000;

describe("createLightPushMeter", () => {
  it("admits messagesPerEpoch requests per peer and epoch, then none until the next epoch", () => {
    const meter = createLightPushMeter({ messagesPerEpoch: 2, epochMs: EPOCH_MS });
    expect([meter.admit("a", 0), meter.admit("a", 1), meter.admit("a", 2), meter.admit("b", 3)]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(meter.admit("a", EPOCH_MS)).toBe(true);
    expect(createLightPushMeter(undefined).admit("a", 0)).toBe(true);
  });
});

describe("a test node with a light push quota", () => {
  let node: WakuTestNode;
  let light: LightNode;
  let now = 5 * EPOCH_MS;

  beforeEach(async () => {
    now = 5 * EPOCH_MS;
    node = await startWakuTestNode({
      lightPushQuota: { messagesPerEpoch: 2, epochMs: EPOCH_MS },
      now: () => now,
    });
    light = await connectLightNode(node);
  });

  afterEach(async () => {
    await stopLightNode(light);
    await node.stop();
  });

  it("answers the request over the quota as nwaku does: v3 status 429 TOO_MANY_REQUESTS, request id N/A", async () => {
    const push = async (): Promise<proto_lightpush.LightPushResponseV3> => {
      const stream = await light.libp2p.dialProtocol(node.libp2p.peerId, LIGHT_PUSH_V3_CODEC);
      const framed = lpStream(stream);
      const message = {
        payload: new Uint8Array([1]),
        contentTopic: CONTENT_TOPIC,
        timestamp: BigInt(now) * 1_000_000n,
      };
      await framed.write(proto_lightpush.LightPushRequestV3.encode({ requestId: "q", message }));
      await stream.closeWrite();
      const response = proto_lightpush.LightPushResponseV3.decode((await framed.read()).subarray());
      await expect(framed.read()).rejects.toThrow(/end of input/);
      return response;
    };
    expect((await push()).statusCode).toBe(200);
    expect((await push()).statusCode).toBe(200);
    expect(await push()).toMatchObject({
      requestId: "N/A",
      statusCode: 429,
      statusDesc: "TOO_MANY_REQUESTS",
    });
    expect(node.stats.lightPushesRateLimited).toBe(1);
    now += EPOCH_MS;
    expect((await push()).statusCode).toBe(200);
  });

  it("the real sdk sees the refusal as a rejection by the remote peer (0.0.36 folds every v3 status into it)", async () => {
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    const send = () => light.lightPush.send(encoder, { payload: new Uint8Array([1]) }, { autoRetry: false });
    expect((await send()).successes).toHaveLength(1);
    expect((await send()).successes).toHaveLength(1);
    const refused = await send();
    expect(refused.successes).toHaveLength(0);
    expect(refused.failures?.map((f) => f.error)).toEqual([LightPushError.REMOTE_PEER_REJECTED]);
    expect(node.stats.lightPushesRateLimited).toBe(1);
  });
});
