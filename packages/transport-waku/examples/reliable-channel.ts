import { createReliableChannel } from "@reliable-channel/channel";
import { wakuTransport } from "@reliable-channel/transport-waku";
import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

const service = await startWakuTestNode(); // loopback; on the Waku network use defaultBootstrap instead
async function lightNode(): Promise<LightNode> {
  const node = await createLightNode({
    networkConfig: { clusterId: 1, numShardsInCluster: 8 },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true }, // allow ws://127.0.0.1
  });
  await node.dial(service.multiaddr);
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  return node;
}
const [aliceNode, bobNode] = [await lightNode(), await lightNode()];

const contentTopic = "/my-app/1/room/proto";
const alice = await createReliableChannel({
  channelId: "room",
  participantId: "alice",
  transport: wakuTransport({ node: aliceNode, contentTopic }),
});
const bob = await createReliableChannel({
  channelId: "room",
  participantId: "bob",
  transport: wakuTransport({ node: bobNode, contentTopic }),
});

const received = bob.once("message-received");
const acknowledged = alice.once("acknowledged");
await alice.send(new TextEncoder().encode("hello over Waku"));
const { senderId, payload } = await received;
console.log(`bob received from ${senderId}: ${new TextDecoder().decode(payload)}`); // … alice: hello over Waku
await bob.send(new TextEncoder().encode("hi alice")); // names alice's message: an acknowledgement
console.log("acknowledged by", (await acknowledged).by); // acknowledged by bob

// The channels stop their transports; then the nodes, then the service.
await Promise.all([alice.stop(), bob.stop()]);
await Promise.all([aliceNode.stop(), bobNode.stop()]);
await service.stop();
