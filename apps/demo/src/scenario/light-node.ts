import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

/** How long a light node may take to find light push, filter and store at its service node. @default 10_000 (ms) */
export const PEER_WAIT_MS = 10_000;

/** Where a light node connects: a service node and the network's sharding. */
export interface LightNodeTarget {
  readonly multiaddr: string;
  readonly clusterId: number;
  readonly numShardsInCluster: number;
}

/** Starts an unmodified `@waku/sdk` light node (no bootstrap, no discovery) connected to `target`. */
export async function startLightNode(target: LightNodeTarget): Promise<LightNode> {
  const node = await createLightNode({
    networkConfig: { clusterId: target.clusterId, numShardsInCluster: target.numShardsInCluster },
    defaultBootstrap: false,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await node.dial(target.multiaddr);
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store], PEER_WAIT_MS);
  return node;
}

/** Stops a light node, including the filter intervals that `stop()` leaves behind in @waku/sdk 0.0.36. */
export async function stopLightNode(node: LightNode): Promise<void> {
  node.filter?.unsubscribeAll();
  await node.stop();
}
