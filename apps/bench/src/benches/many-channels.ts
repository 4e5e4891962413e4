import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import { type ManyChannelsReport, measureManyChannels } from "../many-channels/measure.js";

/** Channels on the one light node (`MANY_CHANNELS=<n>` to change). @default 200 */
export const MANY_CHANNELS = 200;
/** Content topics they share (channel i on topic i mod this). @default 10 */
export const MANY_CHANNELS_TOPICS = 10;

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** One report as a line. */
export function formatManyChannels(r: ManyChannelsReport): string {
  return [
    `${r.channels} channels on ${r.topics} topics (${r.wireProfile}, started ${r.start})`,
    `heap ${kib(r.heapPerChannel)}/channel${r.gcExposed ? "" : " (no --expose-gc)"}`,
    `timers ${r.timersPerChannel.toFixed(2)}/channel`,
    `open streams ${r.streams}`,
    `filter subscribes ${r.filterSubscribes}`,
    `start-up store queries ${r.startStoreQueries}`,
    `start ${r.startMs.toFixed(0)} ms`,
    `one send each ${r.sendAllMs.toFixed(0)} ms`,
    `message-dropped ${r.dropped}`,
  ].join(", ");
}

/**
 * Many channels on one `@waku/sdk` light node over the loopback test node: per-channel heap, timers, open
 * streams, filter subscriptions and start-up store queries, then one send per channel (every channel hears
 * the other channels of its topic and ignores them quietly). Both wire profiles, channels started one by
 * one, then all at once (every catch-up together, as after a reconnect). Last line:
 * `ratio many-channels <KiB of heap per channel, the larger of the two profiles>`. Run it with
 * `NODE_OPTIONS=--expose-gc` for heap figures taken after a GC.
 */
export async function runManyChannelsBench(print: (line: string) => void = console.log): Promise<void> {
  const channels = Number(process.env.MANY_CHANNELS ?? MANY_CHANNELS);
  const service = await startWakuTestNode();
  const heaps: number[] = [];
  const runs = [
    { wireProfile: "js-waku", start: "one-by-one" },
    { wireProfile: "nim-sds", start: "one-by-one" },
    { wireProfile: "js-waku", start: "all-at-once" },
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
