import { transportComplianceSuite } from "@reliable-channel/compliance";
import { wakuTransport } from "../src/index.js";
import { FakeWakuNetwork, fakeLightNode, fakeRelayNode } from "./fake-waku.js";

const contentTopic = "/reliable-channel/1/compliance/proto";

// The adapter's own logic against in-process sdk-typed fakes; the real sdk over the loopback test node
// runs the same suite in compliance-test-node.test.ts.
transportComplianceSuite("waku (light push + filter, in-process fake node)", async ({ peers }) => {
  const network = new FakeWakuNetwork();
  return {
    transports: Array.from({ length: peers }, () =>
      wakuTransport({ node: fakeLightNode(network), contentTopic }),
    ),
    settle: () => network.settle(),
    close: async () => undefined,
    echo: true,
  };
});

transportComplianceSuite("waku (relay, in-process fake node)", async ({ peers }) => {
  const network = new FakeWakuNetwork();
  return {
    transports: Array.from({ length: peers }, () =>
      wakuTransport({ node: fakeRelayNode(network), contentTopic }),
    ),
    settle: () => network.settle(),
    close: async () => undefined,
    echo: true,
  };
});
