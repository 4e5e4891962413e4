import type { TransportConnectivity } from "@reliable-channel/interfaces";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

/** Failure guard for waits on the loopback network (never a sleep: waits end on events). */
export const GUARD_MS = 10_000;

/**
 * Starts an unmodified `@waku/sdk` light node (no bootstrap, no discovery) connected to the test node,
 * with light push, filter and store peers ready.
 * A light node must be stopped by its creator; a `wakuTransport` on it must be stopped first.
 */
export async function connectLightNode(node: WakuTestNode): Promise<LightNode> {
  const light = await createLightNode({
    networkConfig: { clusterId: node.clusterId, numShardsInCluster: node.numShardsInCluster },
    libp2p: { filterMultiaddrs: false },
  });
  await light.dial(node.multiaddr);
  // Our own guard, not waitForPeers' timeoutMs: the sdk never clears that timer (it keeps the process alive).
  await guard(light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]), "service peers");
  return light;
}

/** Rejects with a labelled error when `promise` takes longer than `ms` (a failure guard, not a wait). */
export function guard<T>(promise: Promise<T>, label: string, ms = GUARD_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves once `connectivity.online` is `online`: at once if it already is, else on the change that makes
 * it so (an event promise, never a poll).
 */
export function connectivityIs(connectivity: TransportConnectivity, online: boolean): Promise<void> {
  if (connectivity.online === online) return Promise.resolve();
  return new Promise((resolve) => {
    const off = connectivity.onChange((now) => {
      if (now !== online) return;
      off();
      resolve();
    });
  });
}
