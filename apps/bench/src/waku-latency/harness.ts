import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";

/** Longest wait for one delivery or one recovery before it counts as failed (ms). */
export const WAKU_LATENCY_GUARD_MS = 45_000;

/** Samples of one series, and how many did not arrive within the guard. */
export interface Series {
  readonly samples: number[];
  readonly failed: number;
}

/** UTF-8 bytes of `text`. */
export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
/** `bytes` as UTF-8 text. */
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/**
 * A resolver list keyed by payload text: `expect(text)` resolves with the time the text arrives (`at`, by
 * default `performance.now()` when `arrived` is called), or NaN after {@link WAKU_LATENCY_GUARD_MS}.
 */
export function arrivals(): {
  expect(text: string): Promise<number>;
  arrived(text: string, at?: number): void;
} {
  const waiting = new Map<string, (at: number) => void>();
  return {
    expect: (text) =>
      guard(new Promise<number>((resolve) => waiting.set(text, resolve)), WAKU_LATENCY_GUARD_MS, () =>
        waiting.delete(text),
      ),
    arrived: (text, at = performance.now()) => {
      waiting.get(text)?.(at);
      waiting.delete(text);
    },
  };
}

/** `promise`, or NaN after `ms` (a failure guard, not a wait). */
export function guard(
  promise: Promise<number>,
  ms: number,
  onTimeout: () => void = () => undefined,
): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(Number.NaN);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Where a light node finds the service node (plain data: it crosses to worker threads). */
export type ServiceAddress = Pick<WakuTestNode, "multiaddr" | "clusterId" | "numShardsInCluster">;

/** An sdk light node connected to the loopback service node, its service peers ready. */
export async function connect(service: ServiceAddress): Promise<LightNode> {
  const light = await createLightNode({
    networkConfig: { clusterId: service.clusterId, numShardsInCluster: service.numShardsInCluster },
    libp2p: { filterMultiaddrs: false },
  });
  await light.dial(service.multiaddr);
  // No timeoutMs: @waku/sdk 0.0.36 never clears that timer.
  await light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  return light;
}

/** Drops the first filter push to `peer` whose payload contains `marker` (then the rule is spent). */
export function dropOnce(service: WakuTestNode, peer: LightNode, marker: string): void {
  const needle = Buffer.from(marker);
  const peerId = peer.peerId.toString();
  let spent = false;
  service.faults.dropFilterPush((push) => {
    if (spent || push.peerId !== peerId || Buffer.from(push.message.payload).indexOf(needle) < 0)
      return false;
    spent = true;
    return true;
  });
}
