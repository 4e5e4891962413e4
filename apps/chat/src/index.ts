import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { wakuTransport } from "@reliable-channel/transport-waku";
import { createLightNode, Protocols } from "@waku/sdk";
import { parseChatArgs } from "./chat-args.js";
import { chatFile, openChatSession } from "./chat-session.js";
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

// 2. The reliable channel over it: same channel id and content topic = same conversation. Its state is in
// SQLite, so a restart resumes where it left off. 3. Events (in chat-session.ts): each message exactly once,
// in causal order, with its sender; an acknowledgement line per message of yours, naming it.
const dataDir = args.data ?? join(tmpdir(), "reliable-channel-chat");
const chat = await openChatSession({
  name: args.name,
  channel: args.channel,
  transport: wakuTransport({ node, contentTopic: `/reliable-channel-chat/1/${args.channel}/proto` }),
  dataDir,
  print: (line) => console.log(line),
});

// 4. Send each line you type; Ctrl-D or Ctrl-C to leave.
console.log(
  `You are ${args.name} in #${args.channel} (state: ${chatFile(dataDir, args.channel, args.name)}).`,
);
console.log("Type a message and press Enter; Ctrl-D or Ctrl-C leaves.");
const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  if (line.trim() === "") return;
  chat.send(line).catch((error: unknown) => console.error(`  ✗ ${String(error)}`));
});

// Stop in order (channel, then the node's filter subscription and node, then the service) and exit 0, once.
let leaving: Promise<void> | undefined;
const leave = (): Promise<void> =>
  (leaving ??= (async () => {
    input.close();
    await chat.stop();
    node.filter?.unsubscribeAll();
    await node.stop();
    await service.stop();
    process.exit(0);
  })());
input.on("close", () => void leave());
process.on("SIGINT", () => void leave());
process.on("SIGTERM", () => void leave());
