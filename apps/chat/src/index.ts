import { createInterface } from "node:readline";
import { createReliableChannel } from "@reliable-channel/channel";
import { wakuTransport } from "@reliable-channel/transport-waku";
import { createLightNode, Protocols } from "@waku/sdk";
import { formatLine, parseChatArgs } from "./chat-args.js";
import { serviceNode } from "./service-node.js";

const args = (() => {
  try {
    return parseChatArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return process.exit(2);
  }
})();
const service = await serviceNode(args.connect);

// 1. A plain @waku/sdk light node, connected to a service node (light push, filter, store).
const node = await createLightNode({
  networkConfig: { clusterId: 1, numShardsInCluster: 8 },
  defaultBootstrap: false,
  libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
});
await node.dial(service.multiaddr);
await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);

// 2. The reliable channel over it: same channel id and content topic = same conversation.
const channel = await createReliableChannel({
  channelId: args.channel,
  participantId: args.name,
  transport: wakuTransport({ node, contentTopic: `/reliable-channel-chat/1/${args.channel}/proto` }),
});

// 3. Events: each message exactly once, in causal order, with its sender; acks for your own.
channel.on("message-received", ({ senderId, payload }) => console.log(formatLine(senderId, payload)));
channel.on("acknowledged", ({ by }) => console.log(`  ✓ seen${by === undefined ? "" : ` by ${by}`}`));
channel.on("send-failed", ({ reason }) => console.log(`  ✗ not delivered (${reason})`));
channel.on("irretrievable", ({ messageIds }) =>
  console.log(`  ! ${messageIds.length} message(s) lost for good`),
);

// 4. Send each line you type; Ctrl-D or Ctrl-C to leave.
console.log(`You are ${args.name} in #${args.channel}. Type a message and press Enter.`);
const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  if (line.trim() === "") return;
  channel
    .send(new TextEncoder().encode(line))
    .catch((error: unknown) => console.error(`  ✗ ${String(error)}`));
});

const leave = async (): Promise<void> => {
  input.close();
  await channel.stop();
  node.filter?.unsubscribeAll();
  await node.stop();
  await service.stop();
  process.exit(0);
};
input.on("close", () => void leave());
process.on("SIGINT", () => void leave());
