import { transportComplianceSuite } from "@reliable-channel/compliance";
import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import { wakuTransport } from "../src/index.js";
import { connectLightNode } from "./loopback.js";

const contentTopic = "/reliable-channel/1/compliance/proto";

// The real @waku/sdk 0.0.36 light nodes (light push v3 + filter v2 + Store v3) over the loopback test node.
transportComplianceSuite(
  "waku (real @waku/sdk light nodes over the loopback test node)",
  async ({ peers }) => {
    const service = await startWakuTestNode();
    const lights = await Promise.all(Array.from({ length: peers }, () => connectLightNode(service)));
    return {
      transports: lights.map((node) => wakuTransport({ node, contentTopic })),
      settle: async () => undefined,
      close: async () => {
        // The suite has stopped the transports (which unsubscribed); nothing of the sdk's filter is left.
        await Promise.all(lights.map((light) => light.stop()));
        await service.stop();
      },
      echo: true,
    };
  },
);
