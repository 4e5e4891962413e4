import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

/** Failure guard for waits on the loopback network (a guard, never a wait: waits end on events). */
export function guard<T>(promise: Promise<T>, label: string, ms = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An unmodified `@waku/sdk` light node connected to the loopback test node, its service peers ready. */
export async function connectLightNode(service: WakuTestNode): Promise<LightNode> {
  const light = await createLightNode({
    networkConfig: { clusterId: service.clusterId, numShardsInCluster: service.numShardsInCluster },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await light.dial(service.multiaddr);
  await guard(light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]), "service peers");
  return light;
}

/** Resolves once `predicate` holds, re-checked by `check()` after every event that may change it. */
export function condition(predicate: () => boolean): { readonly met: Promise<void>; check(): void } {
  let resolve: () => void = () => {};
  const met = new Promise<void>((r) => {
    resolve = r;
  });
  const check = () => {
    if (predicate()) resolve();
  };
  return { met, check };
}
