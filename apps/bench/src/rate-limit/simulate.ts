import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageId } from "@reliable-channel/interfaces";
import { rateLimited } from "@reliable-channel/rate-limit";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { countedNetwork, type KindCounts, kindCounts } from "./counted.js";

/** One run of the rate limit simulation. */
export interface RateLimitRun {
  readonly seed: number;
  readonly senders: number;
  /** Each sender's send rate as a share of its quota (above 1: the app sends faster than the quota). */
  readonly load: number;
  readonly messagesPerEpoch: number;
  readonly epochMs: number;
  /** Epochs simulated; the first fifth is warm-up, left out of the figures. */
  readonly epochs: number;
}

/** What a run measured over its steady window. */
export interface RateLimitReport {
  /** Content publishes accepted / the senders' quota over the window. */
  readonly contentShare: number;
  /** Non-content publishes (syncs, retries, repair) per content publish, over the window. */
  readonly overheadPerContent: number;
  /** From `send` to the first accepted publish (ms), of the messages sent in the window and published. */
  readonly delays: readonly number[];
  /** Publishes the network refused (over the quota): zero when the manager works. */
  readonly refused: number;
  /** Most publishes of one sender in one epoch. */
  readonly peakPerEpoch: number;
  /** Publishes by kind over the window (all senders). */
  readonly byKind: ReadonlyMap<string, number>;
}

const STEP_MS = 50;

/**
 * `senders` channels on one memory network (virtual clock), each behind `rateLimited` with the same quota
 * and a network that enforces it. Each sends at `load` × its quota, at seeded exponential intervals.
 */
export async function simulateRateLimit(run: RateLimitRun): Promise<RateLimitReport> {
  const network = createMemoryNetwork({ seed: run.seed });
  const { clock } = network;
  const quota = { messagesPerEpoch: run.messagesPerEpoch, epochMs: run.epochMs };
  const random = createSeededRandom(run.seed * 7 + 1);
  const counts: KindCounts[] = [];
  const channels: ReliableChannel[] = [];
  const sentAt = new Map<MessageId, number>();
  const publishedAt = new Map<MessageId, number>();
  const start = Math.ceil(clock.now() / run.epochMs) * run.epochMs;
  clock.advance(start - clock.now());
  for (let i = 0; i < run.senders; i++) {
    const count = kindCounts();
    counts.push(count);
    const inner = countedNetwork(network.join(`p${i}`), { ...quota, now: () => clock.now() }, count);
    const channel = await createReliableChannel({
      channelId: "bench",
      participantId: `p${i}`,
      transport: rateLimited(inner, quota, { clock }),
      clock,
      random: createSeededRandom(run.seed * 1_000 + i),
    });
    channel.on("sent", ({ messageId, attempt }) => {
      if (attempt === 1) publishedAt.set(messageId, clock.now());
    });
    channels.push(channel);
  }
  const meanGapMs = run.epochMs / (run.messagesPerEpoch * run.load);
  const nextSend = channels.map(() => clock.now() + exponential(random.next(), meanGapMs));
  const end = start + run.epochs * run.epochMs;
  const windowStart = start + Math.floor(run.epochs / 5) * run.epochMs;
  let sequence = 0;
  while (clock.now() < end) {
    clock.advance(STEP_MS);
    const now = clock.now();
    for (const [i, channel] of channels.entries()) {
      while ((nextSend[i] ?? end) <= now) {
        nextSend[i] = (nextSend[i] ?? now) + exponential(random.next(), meanGapMs);
        const at = now;
        void channel.send(new TextEncoder().encode(`p${i}:${sequence++}`)).then((id) => {
          if (at >= windowStart) sentAt.set(id, at);
        });
      }
    }
    await turn();
    await turn();
  }
  for (const channel of channels) await channel.stop();
  return report(run, counts, { windowStart, end }, { sentAt, publishedAt });
}

function report(
  run: RateLimitRun,
  counts: readonly KindCounts[],
  window: { readonly windowStart: number; readonly end: number },
  times: { readonly sentAt: Map<MessageId, number>; readonly publishedAt: Map<MessageId, number> },
): RateLimitReport {
  const byKind = new Map<string, number>();
  for (const { at, kind } of counts.flatMap((count) => count.accepted)) {
    if (at >= window.windowStart && at < window.end) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const content = byKind.get("content") ?? 0;
  const nonContent = [...byKind.entries()].filter(([kind]) => kind !== "content" && kind !== "ephemeral");
  const windowEpochs = run.epochs - Math.floor(run.epochs / 5);
  const delays: number[] = [];
  for (const [id, at] of times.sentAt) {
    const published = times.publishedAt.get(id);
    if (published !== undefined) delays.push(published - at);
  }
  return {
    contentShare: content / (run.messagesPerEpoch * windowEpochs * run.senders),
    overheadPerContent: nonContent.reduce((sum, [, n]) => sum + n, 0) / Math.max(1, content),
    delays: delays.sort((a, b) => a - b),
    refused: counts.reduce((sum, count) => sum + count.refused, 0),
    peakPerEpoch: Math.max(0, ...counts.flatMap((count) => [...count.perEpoch.values()])),
    byKind,
  };
}

function exponential(uniform: number, mean: number): number {
  return -Math.log(1 - uniform) * mean;
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The `q`-quantile of ascending `values` (nearest rank), or NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  return values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))] ?? Number.NaN;
}
