import { bytesToHex } from "@noble/hashes/utils";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { createDecoder, createEncoder, generateSymmetricKey } from "@waku/message-encryption/symmetric";
import { type LightNode, waku } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { connectLightNode, guard } from "./loopback.js";

const contentTopic = "/reliable-channel/1/encrypted/proto";

describe("Waku-level encryption (@waku/message-encryption) over the loopback test node", () => {
  let service: WakuTestNode | undefined;
  const lights: LightNode[] = [];

  afterEach(async () => {
    await Promise.all(lights.map((light) => light.stop()));
    lights.length = 0;
    await service?.stop();
  });

  it("returns the hash of the encrypted envelope the store holds, and delivers and retrieves plaintext", async () => {
    service = await startWakuTestNode();
    const [a, b] = [await connectLightNode(service), await connectLightNode(service)];
    lights.push(a, b);
    const routingInfo = a.createEncoder({ contentTopic }).routingInfo;
    const symKey = generateSymmetricKey();
    const codec = () => ({
      encoder: createEncoder({ contentTopic, routingInfo, symKey }),
      decoder: createDecoder(contentTopic, routingInfo, symKey),
    });
    const alice = wakuTransport({ node: a, contentTopic, ...codec() });
    const bob = wakuTransport({ node: b, contentTopic, ...codec() });
    const arrived = new Promise<{ text: string; hint: string }>((resolve) => {
      bob.subscribe((bytes, meta) =>
        resolve({
          text: new TextDecoder().decode(bytes),
          hint: bytesToHex(meta.retrievalHint ?? new Uint8Array()),
        }),
      );
    });
    await Promise.all([alice.start(), bob.start()]);

    const { retrievalHint } = await alice.publish(new TextEncoder().encode("secret"));
    const hint = retrievalHint ?? new Uint8Array();
    expect(service.archive.has(hint)).toBe(true);
    expect(await guard(arrived, "the encrypted filter push")).toEqual({
      text: "secret",
      hint: bytesToHex(hint),
    });
    const stored = await bob.retrieve?.([hint]);
    expect(stored?.map((entry) => new TextDecoder().decode(entry.bytes))).toEqual(["secret"]);
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it("(control) hashing a second encoding, as js-waku's ReliableChannel does, names an envelope never sent", async () => {
    service = await startWakuTestNode();
    const light = await connectLightNode(service);
    lights.push(light);
    const routingInfo = light.createEncoder({ contentTopic }).routingInfo;
    const encoder = createEncoder({ contentTopic, routingInfo, symKey: generateSymmetricKey() });
    const message = { payload: new TextEncoder().encode("secret"), timestamp: new Date() };
    const first = await encoder.toProtoObj(message);
    const second = await encoder.toProtoObj(message);
    if (first === undefined || second === undefined) throw new Error("the encoder declined");
    // Same timestamp, fresh IV: the wire payloads, hence the hashes, differ.
    expect(bytesToHex(waku.messageHash(encoder.pubsubTopic, first))).not.toBe(
      bytesToHex(waku.messageHash(encoder.pubsubTopic, second)),
    );
  });
});
