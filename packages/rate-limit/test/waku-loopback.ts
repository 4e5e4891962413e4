import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { Storage, TransportConnectivity } from "@reliable-channel/interfaces";
import type { VirtualClock } from "@reliable-channel/transport-memory";
import { type WakuTransport, wakuTransport } from "@reliable-channel/transport-waku";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";
import {
  type RateLimitedTransport,
  type RateLimitQuota,
  rateLimited,
  storageUsageStore,
} from "../src/index.js";

/** Failure guard of one step on loopback (never a wait: steps end on events). */
export const GUARD_MS = 60_000;

/** Rejects with a labelled error when `promise` takes longer than `ms` (a failure guard, not a wait). */
export function guard<T>(promise: Promise<T>, label: string, ms = GUARD_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An unmodified `@waku/sdk` light node connected to `node`, with its service peers ready. */
export async function connectLightNode(node: WakuTestNode): Promise<LightNode> {
  const light = await createLightNode({
    networkConfig: { clusterId: node.clusterId, numShardsInCluster: node.numShardsInCluster },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await light.dial(node.multiaddr);
  await guard(light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]), "service peers");
  return light;
}

/** Resolves once `connectivity.online` is `online` (an event promise, never a poll). */
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

/** A participant: a light node, its rate-limited Waku transport and a channel, all on the virtual clock. */
export interface WakuMember {
  readonly id: string;
  readonly light: LightNode;
  readonly waku: WakuTransport;
  readonly transport: RateLimitedTransport;
  readonly channel: ReliableChannel;
  /** Payloads received, as text, in delivery order. */
  readonly received: string[];
  /** Resolves once `predicate` holds (checked now and on every delivery). */
  until(predicate: () => boolean): Promise<void>;
}

/** What {@link openWakuMember} needs. */
export interface WakuMemberSetting {
  readonly clock: VirtualClock;
  readonly quota: RateLimitQuota;
  readonly contentTopic: string;
  readonly storage?: Storage;
}

/**
 * Opens `id` on `light`: the Waku transport stamps with the virtual clock, the manager counts on it, and
 * every `queue-waiting` moves the clock to the next slot (the epochs pass as fast as the publishes go).
 */
export async function openWakuMember(
  id: string,
  light: LightNode,
  setting: WakuMemberSetting,
): Promise<WakuMember> {
  const { clock, quota, contentTopic, storage } = setting;
  const waku = wakuTransport({ node: light, contentTopic, now: () => clock.now() });
  const store = storage === undefined ? {} : { store: storageUsageStore(storage) };
  const transport = rateLimited(waku, quota, { clock, ...store });
  transport.on("queue-waiting", ({ nextSlotAt }) => {
    setImmediate(() => {
      if (clock.now() < nextSlotAt) clock.advance(nextSlotAt - clock.now());
    });
  });
  const channel = await createReliableChannel({
    channelId: "rate-limited",
    participantId: id,
    transport,
    clock,
    ...(storage === undefined ? {} : { storage }),
  });
  const received: string[] = [];
  const waiters = new Set<{ readonly predicate: () => boolean; readonly resolve: () => void }>();
  channel.on("message-received", ({ payload }) => {
    received.push(new TextDecoder().decode(payload));
    for (const waiter of [...waiters]) {
      if (!waiter.predicate()) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  });
  const until = (predicate: () => boolean): Promise<void> =>
    predicate() ? Promise.resolve() : new Promise((resolve) => waiters.add({ predicate, resolve }));
  return { id, light, waku, transport, channel, received, until };
}
