import { createLightNode, type LightNode, Protocols } from "@waku/sdk";
import type { PageConfig } from "./config.js";

/**
 * This tab's Waku light node, connected to the service node. The page follows the browser's own word on
 * connectivity instead of waiting for a socket to fail: `offline` hangs up every connection at once (the
 * transport then says offline and the channel waits), `online` dials the service node again.
 */
export async function connectWaku(config: PageConfig, window: Window): Promise<LightNode> {
  const node = await createLightNode({
    networkConfig: { clusterId: config.clusterId, numShardsInCluster: config.numShardsInCluster },
    // The loopback node listens on ws://127.0.0.1: outside NODE_ENV=test the sdk keeps only wss://.
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  const dial = async (): Promise<void> => {
    await node.dial(config.multiaddr);
    await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  };
  window.addEventListener("offline", () => {
    for (const connection of node.libp2p.getConnections()) void connection.close().catch(() => {});
  });
  window.addEventListener("online", () => {
    void dial().catch((error: unknown) => console.warn("reliable-chat: dial failed", error));
  });
  if (window.navigator.onLine) await dial();
  return node;
}
