import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import { type ManyChannelsReport, measureManyChannels } from "../many-channels/measure.js";
import type { TrafficPlan } from "../many-channels/traffic.js";

/** Channels on the one light node (`MANY_CHANNELS=<n>` to change). @default 200 */
export const MANY_CHANNELS = 200;
/** Content topics they share (channel i on topic i mod this). @default 10 */
export const MANY_CHANNELS_TOPICS = 10;

/**
 * The measured minute of the before/after runs: the far side sends one message per channel every 20 s, and a
 * quarter of the filter pushes to the measured node are dropped (found again in the store). `MANY_CHANNELS_
 * TRAFFIC_MS=<ms>` shortens or lengthens it.
 */
export const MANY_CHANNELS_TRAFFIC: TrafficPlan = {
  durationMs: 60_000,
  sendEveryMs: 20_000,
  dropRate: 0.25,
  seed: 19,
  burstSettleMs: 15_000,
};

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** Store queries per channel per minute of the traffic stretch, hash lookups and range queries. */
export function queriesPerChannelMinute(r: ManyChannelsReport): { hash: number; range: number } | undefined {
  const t = r.measuredTraffic;
  if (t === undefined) return undefined;
  const per = (count: number): number => (count * 60_000) / t.durationMs / r.channels;
  return { hash: per(t.hashQueries), range: per(t.rangeQueries) };
}

/** One report as a line. */
export function formatManyChannels(r: ManyChannelsReport): string {
  return [
    `${r.channels} channels on ${r.topics} topics (${r.wireProfile}, started ${r.start}, ${
      r.share === false ? "nothing shared" : "lookups and timers shared"
    })`,
    `heap ${kib(r.heapPerChannel)}/channel${r.gcExposed ? "" : " (no --expose-gc)"}`,
    `channel timers ${r.channelTimersPerChannel.toFixed(3)}/channel`,
    `live timers ${r.timersPerChannel.toFixed(2)}/channel (the sdk's included)`,
    `open streams ${r.streams} (${(r.streams / r.channels).toFixed(3)}/channel)`,
    `filter subscribes ${r.filterSubscribes}`,
    `start-up store queries ${r.startStoreQueries}`,
    `start ${r.startMs.toFixed(0)} ms`,
    `one send each ${r.sendAllMs.toFixed(0)} ms`,
    `message-dropped ${r.dropped}`,
    ...traffic(r),
  ].join(", ");
}

function traffic(r: ManyChannelsReport): string[] {
  const t = r.measuredTraffic;
  const q = queriesPerChannelMinute(r);
  if (t === undefined || q === undefined) return [];
  return [
    `traffic ${(t.durationMs / 1000).toFixed(0)} s: ${t.received}/${t.sent} received`,
    `${t.lookups} hash lookups by the channels → store queries ${t.hashQueries} hash + ${t.rangeQueries} range`,
    `= ${q.hash.toFixed(3)} hash + ${q.range.toFixed(3)} range per channel per minute`,
    ...(t.burst === undefined
      ? []
      : [
          `burst: ${t.burst.lost} lost at once → ${t.burst.lookups} hash lookups → ${t.burst.hashQueries} hash queries`,
        ]),
  ];
}

/**
 * Many channels on one `@waku/sdk` light node over the loopback test node: per-channel heap, timers, open
 * streams, filter subscriptions and start-up store queries, then one send per channel (every channel hears
 * the other channels of its topic and ignores them quietly). Both wire profiles, channels started one by
 * one, then all at once (every catch-up together, as after a reconnect) twice: with nothing shared (every
 * lookup its own store query, every channel its own timers) and with store lookups and timers shared per
 * node, each followed by a measured minute of traffic (see {@link MANY_CHANNELS_TRAFFIC}) that reports the
 * store queries per channel per minute. Last line:
 * `ratio many-channels <KiB of heap per channel, the larger of the two profiles>`. Run it with
 * `NODE_OPTIONS=--expose-gc` for heap figures taken after a GC.
 */
export async function runManyChannelsBench(print: (line: string) => void = console.log): Promise<void> {
  const channels = Number(process.env.MANY_CHANNELS ?? MANY_CHANNELS);
  const service = await startWakuTestNode();
  const heaps: number[] = [];
  const durationMs = Number(process.env.MANY_CHANNELS_TRAFFIC_MS ?? MANY_CHANNELS_TRAFFIC.durationMs);
  const plan = { ...MANY_CHANNELS_TRAFFIC, durationMs };
  const runs = [
    { wireProfile: "js-waku", start: "one-by-one" },
    { wireProfile: "nim-sds", start: "one-by-one" },
    // Before and after sharing: lookups and timers per channel, then per node.
    { wireProfile: "js-waku", start: "all-at-once", share: false, traffic: plan },
    { wireProfile: "js-waku", start: "all-at-once", share: true, traffic: plan },
  ] as const;
  try {
    for (const run of runs) {
      const report = await measureManyChannels(service, { channels, topics: MANY_CHANNELS_TOPICS, ...run });
      if (run.start === "one-by-one") heaps.push(report.heapPerChannel);
      print(`many-channels: ${formatManyChannels(report)}`);
    }
  } finally {
    await service.stop();
  }
  print(`ratio many-channels ${(Math.max(...heaps) / 1024).toFixed(1)}`);
}
