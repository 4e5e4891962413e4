import { bytesToHex } from "@noble/hashes/utils";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WakuTransport, wakuTransport } from "../src/index.js";
import { guard } from "./loopback.js";

/**
 * Optional: the transport against a real nwaku. Set NWAKU_MULTIADDR to a websocket multiaddr of an nwaku
 * node serving light push, filter and store on cluster NWAKU_CLUSTER_ID (default 1) with autosharding over
 * NWAKU_SHARDS shards (default 8); skipped otherwise.
 */
const multiaddr = process.env.NWAKU_MULTIADDR;
const clusterId = Number(process.env.NWAKU_CLUSTER_ID ?? 1);
const numShardsInCluster = Number(process.env.NWAKU_SHARDS ?? 8);
const contentTopic = `/reliable-channel/1/nwaku-${Date.now()}/proto`;

describe.skipIf(multiaddr === undefined)("wakuTransport against a real nwaku (NWAKU_MULTIADDR)", () => {
  const lights: LightNode[] = [];
  const transports: WakuTransport[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const light = await createLightNode({ networkConfig: { clusterId, numShardsInCluster } });
      await light.dial(multiaddr ?? "");
      await guard(
        light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]),
        "nwaku peers",
      );
      lights.push(light);
      const transport = wakuTransport({ node: light, contentTopic });
      await transport.start();
      transports.push(transport);
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.stop()));
    await Promise.all(lights.map((light) => light.stop()));
  });

  it("publishes, receives by filter with the same hint, and retrieves from the store by that hint", async () => {
    const [alice, bob] = transports;
    if (alice === undefined || bob === undefined) throw new Error("transports not created");
    const payload = new TextEncoder().encode(`hello nwaku ${contentTopic}`);
    const arrived = new Promise<Uint8Array | undefined>((resolve) => {
      bob.subscribe((bytes, meta) => {
        if (bytesToHex(bytes) === bytesToHex(payload)) resolve(meta.retrievalHint);
      });
    });
    const { retrievalHint } = await alice.publish(payload);
    const seenHint = await guard(arrived, "the filter push from nwaku");
    expect(seenHint && bytesToHex(seenHint)).toBe(retrievalHint && bytesToHex(retrievalHint));
    const found = await bob.retrieve?.(retrievalHint === undefined ? [] : [retrievalHint]);
    expect(found?.map((entry) => bytesToHex(entry.bytes))).toEqual([bytesToHex(payload)]);
  }, 30_000);
});
