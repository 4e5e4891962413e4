import {
  createReliableChannel,
  type ReliableChannel,
  sharedClock,
  systemClock,
} from "@reliable-channel/channel";
import type { RetrieveOptions, Transport } from "@reliable-channel/interfaces";
import { type WakuWireProfile, wakuTransport } from "@reliable-channel/transport-waku";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { connect } from "../waku-latency/harness.js";
import { countingClock } from "./counting-clock.js";
import { countLiveTimers } from "./live-timers.js";
import { runTraffic, type TrafficPlan, type TrafficReport } from "./traffic.js";

/** Rejects when `promise` takes longer than `ms` (a failure guard, not a wait). */
function guarded<T>(promise: Promise<T>, label: string, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `transport`, counting in `lookups` the hash lookups (`retrieve` calls) the channel makes on it. */
function countLookups<T extends Transport>(transport: T, lookups: { count: number }): T {
  const { retrieve } = transport;
  if (retrieve === undefined) return transport;
  return {
    ...transport,
    retrieve: (hints: readonly Uint8Array[], options?: RetrieveOptions) => {
      lookups.count++;
      return retrieve.call(transport, hints, options);
    },
  };
}

/** One run of the many-channels measurement. */
export interface ManyChannelsRun {
  readonly channels: number;
  /** Distinct content topics; channel i uses topic i mod topics. */
  readonly topics: number;
  readonly wireProfile: WakuWireProfile;
  /**
   * `"one-by-one"`: each channel starts once the one before caught up; `"all-at-once"`: every channel starts
   * together (every catch-up at once, as after a reconnect).
   */
  readonly start: "one-by-one" | "all-at-once";
  /**
   * Whether the channels share what a node can share: store lookups (the transport's
   * `storeLookupWindowMs`, default) and timers (the channel's default shared clock). `false` is the "before":
   * every lookup its own query (`storeLookupWindowMs: 0`), every channel its own `systemClock()`.
   * @default true
   */
  readonly share?: boolean;
  /** A measured stretch of traffic after the sends (see `traffic.ts`); none when absent. */
  readonly traffic?: TrafficPlan;
}

/** What one light node carrying `channels` channels costs, and what one message to each of them takes. */
export interface ManyChannelsReport extends ManyChannelsRun {
  /** Heap growth per started channel (bytes; after a GC when `--expose-gc` is on, else without). */
  readonly heapPerChannel: number;
  readonly gcExposed: boolean;
  /** Live timers (set, not yet fired or cleared; unref'd ones included) per channel, the sdk's included. */
  readonly timersPerChannel: number;
  /** Platform timers the channels' clocks hold (syncs, retries, snapshots…), per channel. */
  readonly channelTimersPerChannel: number;
  /** libp2p streams open on the light node after start, in all and per channel. */
  readonly streams: number;
  /** Filter subscribe requests the service node answered while the channels started. */
  readonly filterSubscribes: number;
  /** Store queries the service node answered while the channels started (their catch-ups, one at a time). */
  readonly startStoreQueries: number;
  /** Time to start every channel (ms). */
  readonly startMs: number;
  /** One send per channel: time until every one was published (`sent`), ms. */
  readonly sendAllMs: number;
  /** `message-dropped` events over all channels during the sends (other channels' messages on a topic). */
  readonly dropped: number;
  /** What the traffic stretch did, when the run had one. */
  readonly measuredTraffic?: TrafficReport;
}

const gc = (): boolean => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return collect !== undefined;
};

const heap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

const streams = (light: LightNode): number =>
  light.libp2p.getConnections().reduce((sum, connection) => sum + connection.streams.length, 0);

/** Starts `run.channels` channels on one light node over `service`, measures, sends one message each, stops. */
export async function measureManyChannels(
  service: WakuTestNode,
  run: ManyChannelsRun,
): Promise<ManyChannelsReport> {
  const light = await connect(service);
  let subscribes = 0;
  let storeQueries = 0;
  const offFilter = service.events.on("filter-request", (e) => {
    if (e.type === "SUBSCRIBE") subscribes++;
  });
  const offStore = service.events.on("store-query", () => storeQueries++);
  const channels: ReliableChannel[] = [];
  const lookups = { count: 0 };
  let dropped = 0;
  const liveTimers = countLiveTimers();
  const timers = liveTimers.count;
  try {
    const [heapBefore, timersBefore] = [heap(), timers()];
    const started = performance.now();
    const catchUps: Promise<unknown>[] = [];
    const starts: Promise<void>[] = [];
    const share = run.share ?? true;
    // The channels' platform timers: one scheduler for all of them (as the default clock is), or one
    // systemClock() each; counted either way.
    const platform = countingClock(systemClock());
    const shared = sharedClock(platform);
    // Topics of their own per run: the service node's store keeps every earlier run's messages.
    const tag = `${run.wireProfile}-${run.start}-${share ? "shared" : "own"}-${Date.now()}`;
    const topicOf = (i: number): string => `/many-channels/1/${tag}-${i % run.topics}/proto`;
    for (let i = 0; i < run.channels; i++) {
      const channel = await createReliableChannel({
        channelId: `channel-${i}`,
        participantId: "me",
        transport: countLookups(
          wakuTransport({
            node: light,
            contentTopic: topicOf(i),
            wireProfile: run.wireProfile,
            ...(share ? {} : { storeLookupWindowMs: 0 }),
          }),
          lookups,
        ),
        wireProfile: run.wireProfile,
        clock: share ? shared : platform,
        autoStart: false,
      });
      const caughtUp = channel.once("caught-up");
      catchUps.push(caughtUp);
      const starting = channel.start();
      channel.on("message-dropped", () => dropped++);
      channels.push(channel);
      if (run.start === "one-by-one") {
        await starting;
        await guarded(caughtUp, `channel-${i}'s catch-up`, 30_000);
      } else starts.push(starting);
    }
    await guarded(Promise.all([...starts, ...catchUps]), "every start and catch-up", 300_000);
    const startMs = performance.now() - started;
    const [heapAfter, timersAfter, channelTimers] = [heap(), timers(), platform.live()];
    const [startSubscribes, startStoreQueries, openStreams] = [subscribes, storeQueries, streams(light)];

    const sendStarted = performance.now();
    let published = 0;
    const sent = channels.map(
      (channel) =>
        new Promise<void>((resolve) =>
          channel.on("sent", () => {
            published++;
            resolve();
          }),
        ),
    );
    for (const [i, channel] of channels.entries()) await channel.send(new TextEncoder().encode(`hello ${i}`));
    await guarded(Promise.all(sent), "every channel's message published", 600_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${published} of ${channels.length} published`);
    });
    const sendAllMs = performance.now() - sendStarted;
    const traffic =
      run.traffic === undefined
        ? undefined
        : await runTraffic(
            service,
            { light, channels, lookups: () => lookups.count },
            { topicOf, wireProfile: run.wireProfile },
            run.traffic,
          );
    return {
      ...(traffic === undefined ? {} : { measuredTraffic: traffic }),
      ...run,
      heapPerChannel: (heapAfter - heapBefore) / run.channels,
      gcExposed: gc(),
      timersPerChannel: (timersAfter - timersBefore) / run.channels,
      channelTimersPerChannel: channelTimers / run.channels,
      streams: openStreams,
      filterSubscribes: startSubscribes,
      startStoreQueries,
      startMs,
      sendAllMs,
      dropped,
    };
  } finally {
    liveTimers.restore();
    offFilter();
    offStore();
    await Promise.all(channels.map((c) => c.stop()));
    await light.stop();
  }
}
