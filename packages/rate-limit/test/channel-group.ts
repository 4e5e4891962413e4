import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import { type Clock, RateLimitedError, type Storage, type Transport } from "@reliable-channel/interfaces";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
  type MemoryNetworkInit,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import {
  type EphemeralDroppedEvent,
  type RateLimitedTransport,
  type RateLimitQuota,
  rateLimited,
  storageUsageStore,
} from "../src/index.js";
import { turn } from "./helpers.js";

/** What the enforcing network saw of one publisher. */
export interface NetworkCounts {
  /** Publishes accepted, by epoch start. */
  readonly perEpoch: Map<number, number>;
  /** Publishes refused for being over the quota. */
  rejections: number;
}

/**
 * `inner` behind a network that enforces `quota` per epoch for this publisher, as RLN relays do: a publish
 * over it is refused with `RateLimitedError` (and counted).
 */
export function enforcing(
  inner: Transport,
  quota: RateLimitQuota,
  clock: Clock,
  counts: NetworkCounts,
): Transport {
  const { retrieve, queryRange, connectivity, retention, maxPayloadBytes } = inner;
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: async (bytes, options) => {
      const epoch = Math.floor(clock.now() / quota.epochMs) * quota.epochMs;
      const used = counts.perEpoch.get(epoch) ?? 0;
      if (used >= quota.messagesPerEpoch) {
        counts.rejections++;
        throw new RateLimitedError();
      }
      counts.perEpoch.set(epoch, used + 1);
      return inner.publish(bytes, options);
    },
    ...(retrieve === undefined ? {} : { retrieve: retrieve.bind(inner) }),
    ...(queryRange === undefined ? {} : { queryRange: queryRange.bind(inner) }),
    ...(connectivity === undefined ? {} : { connectivity }),
    ...(retention === undefined ? {} : { retention }),
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
  };
}

/** A participant whose transport is rate-limited. */
export interface LimitedMember {
  readonly id: string;
  readonly channel: ReliableChannel;
  readonly transport: RateLimitedTransport;
  /** The network's transport under the decorator (kept across restarts). */
  readonly inner: Transport;
  readonly network: NetworkCounts;
  /** Payloads received, as text, in delivery order. */
  readonly received: string[];
  readonly drops: EphemeralDroppedEvent[];
}

/** Options of {@link createLimitedGroup}. */
export interface LimitedGroupInit {
  readonly seed: number;
  readonly size: number;
  readonly quota: RateLimitQuota;
  readonly network?: Omit<MemoryNetworkInit, "seed">;
  /** Each member's storage (for the channel and the usage); default: in memory, per channel. */
  readonly storage?: (id: string) => Storage;
}

/** Where a member runs: the group's options, the clock, its storage and the seed of its randomness. */
export interface MemberSetting {
  readonly init: LimitedGroupInit;
  readonly clock: VirtualClock;
  readonly storage: Storage | undefined;
  readonly seed: number;
}

/** Builds (or rebuilds, after a restart) `member`'s rate-limited transport and channel over `inner`. */
export async function openMember(
  member: Pick<LimitedMember, "id" | "network" | "received" | "drops">,
  inner: Transport,
  setting: MemberSetting,
): Promise<LimitedMember> {
  const { init, clock, storage } = setting;
  const transport = rateLimited(
    enforcing(inner, init.quota, clock, member.network),
    init.quota,
    storage === undefined ? { clock } : { clock, store: storageUsageStore(storage) },
  );
  transport.on("ephemeral-dropped", (event) => member.drops.push(event));
  const channel = await createReliableChannel({
    channelId: "rate-limited",
    participantId: member.id,
    transport,
    clock,
    random: createSeededRandom(setting.seed),
    ...(storage === undefined ? {} : { storage }),
  });
  channel.on("message-received", ({ payload }) => member.received.push(new TextDecoder().decode(payload)));
  return { ...member, channel, transport, inner };
}

/** `size` started members `p0`, `p1`, … on one seeded memory network, each behind its own quota. */
export async function createLimitedGroup(
  init: LimitedGroupInit,
): Promise<{ network: MemoryNetwork; members: LimitedMember[] }> {
  const network = createMemoryNetwork({ seed: init.seed, ...init.network });
  const members: LimitedMember[] = [];
  for (let i = 0; i < init.size; i++) {
    const id = `p${i}`;
    const blank = { id, network: { perEpoch: new Map(), rejections: 0 }, received: [], drops: [] };
    const setting = { init, clock: network.clock, storage: init.storage?.(id), seed: init.seed * 1_000 + i };
    members.push(await openMember(blank, network.join(id), setting));
  }
  return { network, members };
}

/** Moves virtual time in steps until `done()` holds (or `maxMs` passed); returns whether it holds. */
export async function runUntil(
  clock: VirtualClock,
  done: () => boolean,
  maxMs: number,
  stepMs = 100,
): Promise<boolean> {
  const end = clock.now() + maxMs;
  await turn();
  while (!done() && clock.now() < end) {
    clock.advance(stepMs);
    await turn();
    await turn();
  }
  return done();
}

/**
 * Whether `received` holds every message of `sent` (by sender) exactly once and in each sender's order;
 * `sent` maps a sender to its payloads in send order.
 */
export function deliveredOnceInOrder(
  received: readonly string[],
  sent: ReadonlyMap<string, readonly string[]>,
): boolean {
  for (const [sender, payloads] of sent) {
    const got = received.filter((payload) => payload.startsWith(`${sender}:`));
    if (got.length !== payloads.length || got.some((payload, i) => payload !== payloads[i])) return false;
  }
  return true;
}

/** The most publishes the network accepted from `member` in one epoch. */
export function peakPerEpoch(member: LimitedMember): number {
  return Math.max(0, ...member.network.perEpoch.values());
}
