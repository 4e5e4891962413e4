import { wakuTransport } from "@reliable-channel/transport-waku";
import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

// A loopback Waku service node; on the Waku network, dial nwaku peers instead (or use defaultBootstrap).
const service = await startWakuTestNode();
async function lightNode(): Promise<LightNode> {
  const node = await createLightNode({
    networkConfig: { clusterId: 1, numShardsInCluster: 8 },
    // The test node listens on ws://127.0.0.1: outside NODE_ENV=test the sdk keeps only wss:// addresses.
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await node.dial(service.multiaddr);
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  return node;
}
const [aliceNode, bobNode] = [await lightNode(), await lightNode()];

const contentTopic = "/my-app/1/chat/proto";
const alice = wakuTransport({ node: aliceNode, contentTopic });
const bob = wakuTransport({ node: bobNode, contentTopic });
const arrived = new Promise<string>((resolve) => {
  bob.subscribe((bytes) => resolve(new TextDecoder().decode(bytes)));
});
const startedAt = Date.now();
await Promise.all([alice.start(), bob.start()]);
// Online: started, with a light push peer and a filter peer; `onChange` tells when that changes.
console.log("bob online:", bob.connectivity.online);

// The hint is the Waku message hash of the envelope just sent: any store node can serve it back.
const { retrievalHint } = await alice.publish(new TextEncoder().encode("hello over Waku"));
console.log("bob received:", await arrived);
const stored = await bob.retrieve?.(retrievalHint === undefined ? [] : [retrievalHint]);
console.log("bob retrieved by hint:", new TextDecoder().decode(stored?.[0]?.bytes));

// Everything the store holds on the topic for a time range (ms, both ends inclusive), oldest first.
for await (const page of bob.queryRange?.({ from: startedAt, to: Date.now() }) ?? []) {
  for (const { bytes } of page) console.log("bob found in the range:", new TextDecoder().decode(bytes));
}

// Hand a transport to a reliable channel: createReliableChannel({ channelId, participantId, transport }).
// Stop the transports before their nodes: that ends the sdk's filter intervals.
await Promise.all([alice.stop(), bob.stop()]);
await Promise.all([aliceNode.stop(), bobNode.stop()]);
await service.stop();
