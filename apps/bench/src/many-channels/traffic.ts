import { createReliableChannel, type ReliableChannel, systemClock } from "@reliable-channel/channel";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import { type WakuWireProfile, wakuTransport } from "@reliable-channel/transport-waku";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { connect } from "../waku-latency/harness.js";

/** The traffic of a measured minute: what the far side sends, and how much of it the measured node misses. */
export interface TrafficPlan {
  /** How long the traffic runs (ms of wall time; rounded to whole `sendEveryMs`). */
  readonly durationMs: number;
  /** Every channel of the far side sends one message per this (ms). */
  readonly sendEveryMs: number;
  /** The share of filter pushes to the measured node that the service node drops (recovered from the store). */
  readonly dropRate: number;
  /** Seeds the drops. */
  readonly seed: number;
  /**
   * After the traffic, a burst: one round whose every push to the measured node is dropped, then a round that
   * names it (every channel looks its loss up at about the same time), then this long (ms) to settle; none
   * when absent.
   */
  readonly burstSettleMs?: number;
}

/** What the burst did (see {@link TrafficPlan.burstSettleMs}). */
export interface BurstReport {
  /** Messages lost at once (one per channel). */
  readonly lost: number;
  /** Hash lookups the measured channels asked for after the round that names them, and the hash queries made. */
  readonly lookups: number;
  readonly hashQueries: number;
}

/** What the measured node did during the traffic. */
export interface TrafficReport {
  /** Hash lookups the measured channels asked their transports for (`retrieve` calls). */
  readonly lookups: number;
  /** Store queries the measured node made: hash lookups, and content-filtered (range) queries. */
  readonly hashQueries: number;
  readonly rangeQueries: number;
  /** Messages the far side sent, and how many of them the measured node's channels received. */
  readonly sent: number;
  readonly received: number;
  readonly durationMs: number;
  readonly burst?: BurstReport;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs `plan` against `measured` (the channels of one light node): a far-side light node holds the same
 * channels (participant `them`) and sends one message in each every `sendEveryMs`, while the service node
 * drops `dropRate` of the filter pushes to the measured node; the measured channels find what they missed in
 * the store (hash lookups when a later message names it). Counts the measured node's store queries.
 */
export async function runTraffic(
  service: WakuTestNode,
  measured: {
    readonly light: LightNode;
    readonly channels: readonly ReliableChannel[];
    /** Hash lookups the measured channels made so far. */
    readonly lookups: () => number;
  },
  setup: { readonly topicOf: (i: number) => string; readonly wireProfile: WakuWireProfile },
  plan: TrafficPlan,
): Promise<TrafficReport> {
  const far = await connect(service);
  const farChannels: ReliableChannel[] = [];
  const measuredId = measured.light.peerId.toString();
  let [hashQueries, rangeQueries, received] = [0, 0, 0];
  const offStore = service.events.on("store-query", (event) => {
    if (event.peerId !== measuredId) return;
    if ((event.request?.messageHashes ?? 0) > 0) hashQueries++;
    else rangeQueries++;
  });
  const random = createSeededRandom(plan.seed);
  let dropAll = false;
  const removeDropAll = service.faults.dropFilterPush((push) => dropAll && push.peerId === measuredId);
  const removeDrops = service.faults.dropFilterPush(
    (push) => push.peerId === measuredId && random.next() < plan.dropRate,
  );
  const offReceived = measured.channels.map((channel) => channel.on("message-received", () => received++));
  let sent = 0;
  try {
    for (const [i] of measured.channels.entries()) {
      const channel = await createReliableChannel({
        channelId: `channel-${i}`,
        participantId: "them",
        transport: wakuTransport({
          node: far,
          contentTopic: setup.topicOf(i),
          wireProfile: setup.wireProfile,
        }),
        wireProfile: setup.wireProfile,
        clock: systemClock(),
      });
      farChannels.push(channel);
    }
    [hashQueries, rangeQueries, received] = [0, 0, 0];
    const lookupsBefore = measured.lookups();
    const started = performance.now();
    const rounds = Math.max(1, Math.round(plan.durationMs / plan.sendEveryMs));
    for (let round = 0; round < rounds; round++) {
      for (const [i, channel] of farChannels.entries()) {
        await channel.send(new TextEncoder().encode(`round ${round} of channel ${i}`));
        sent++;
      }
      await pause(started + (round + 1) * plan.sendEveryMs - performance.now());
    }
    const durationMs = performance.now() - started;
    const lookups = measured.lookups() - lookupsBefore;
    const report = { lookups, hashQueries, rangeQueries, sent, received, durationMs };
    if (plan.burstSettleMs === undefined) return report;
    removeDrops();
    const sendRound = async (label: string): Promise<void> => {
      const published = farChannels.map((channel) => channel.once("sent"));
      for (const [i, channel] of farChannels.entries())
        await channel.send(new TextEncoder().encode(`${label} of channel ${i}`));
      await Promise.all(published);
    };
    dropAll = true;
    await sendRound("burst, lost");
    await pause(1_000); // the service node's last pushes of the round
    dropAll = false;
    const [lookupsAt, queriesAt] = [measured.lookups(), hashQueries];
    await sendRound("burst, naming the lost");
    await pause(plan.burstSettleMs);
    const burst = {
      lost: farChannels.length,
      lookups: measured.lookups() - lookupsAt,
      hashQueries: hashQueries - queriesAt,
    };
    return { ...report, burst };
  } finally {
    offStore();
    removeDrops();
    removeDropAll();
    for (const off of offReceived) off();
    await Promise.all(farChannels.map((channel) => channel.stop()));
    await far.stop();
  }
}
