import type { BloomProfile } from "@reliable-channel/sds";
import {
  compactBloom,
  createSdsCore,
  DEFAULT_CAUSAL_HISTORY_SIZE,
  wakuCompatBloom,
} from "@reliable-channel/sds";
import { Message, MessageChannel, MessageChannelEvent } from "@waku/sds";
import { longRun } from "../sds-core/long-run.js";
import { mean, us } from "../sds-core/measure.js";
import type { Published } from "../sds-core/stream.js";
import {
  BUSY_SENDERS,
  CONTENT_BYTES,
  createOurStream,
  SENDERS,
  STEP_MS,
  T0,
  wakuStream,
} from "../sds-core/stream.js";

/** Messages fed to both implementations for the timed comparison (@waku/sds slows down as its log grows). */
export const SDS_CORE_COMPARED_MESSAGES = 2_000;
/** Messages fed to our core for the steady-state cost and the heap check. */
export const SDS_CORE_LONG_RUN_MESSAGES = 1_000_000;
/** Messages before the bytes-per-message sample (past js-waku's 200-entry history). */
const BYTES_WARMUP = 300;
const BYTES_SAMPLE = 100;

/** Receive+deliver cost per message (ms) of @waku/sds 0.0.8 for `stream`. */
async function timeWaku(stream: readonly Published[]): Promise<number> {
  const receiver = new MessageChannel("bench", "receiver", { enableRepair: false });
  let delivered = 0;
  receiver.addEventListener(MessageChannelEvent.InMessageDelivered, () => delivered++);
  const started = performance.now();
  for (const { bytes, hint } of stream) {
    const m = Message.decode(bytes);
    if (m !== undefined) receiver.pushIncomingMessage(m, hint);
    await receiver.processTasks();
  }
  const elapsed = performance.now() - started;
  if (delivered !== stream.length) throw new Error(`@waku/sds delivered ${delivered} of ${stream.length}`);
  return elapsed / stream.length;
}

/** Receive+deliver cost per message (ms) of our core for `stream`. */
function timeOurs(stream: readonly Published[], profile: BloomProfile): number {
  const receiver = createSdsCore({
    channelId: "bench",
    participantId: "receiver",
    bloom: profile,
    joinedAt: T0,
  });
  let delivered = 0;
  const started = performance.now();
  for (const [i, { bytes, hint }] of stream.entries()) {
    delivered += receiver.receive(bytes, { now: T0 + i * STEP_MS, retrievalHint: hint }).delivered.length;
  }
  const elapsed = performance.now() - started;
  if (delivered !== stream.length) throw new Error(`ours delivered ${delivered} of ${stream.length}`);
  return elapsed / stream.length;
}

function take(profile: BloomProfile, count: number, senders = SENDERS): Published[] {
  const s = createOurStream(profile, true, senders);
  return Array.from({ length: count }, () => s.next());
}

/** waku-compat with the filter on every content message, as js-waku sends it. */
const compatAlways: BloomProfile = Object.freeze({ ...wakuCompatBloom, attach: "always", sendEvery: 1 });

function bytesPerMessage(stream: readonly Published[]): string {
  const sample = stream.slice(BYTES_WARMUP, BYTES_WARMUP + BYTES_SAMPLE).map((p) => p.bytes.length);
  return `${mean(sample).toFixed(0)} B (min ${Math.min(...sample)}, max ${Math.max(...sample)})`;
}

/** The timed comparison on the same stream; returns the speedup. */
async function compareCost(print: (line: string) => void): Promise<number> {
  const n = SDS_CORE_COMPARED_MESSAGES;
  // The heaviest stream we can send: the 18.7 KB filter on every message, as js-waku's own.
  const stream = take(compatAlways, n);
  timeOurs(stream, wakuCompatBloom); // warm-up (JIT) for both
  await timeWaku(stream.slice(0, 300));
  // Best of two runs for both, so that neither side gets an advantage from the pick.
  const theirs = Math.min(await timeWaku(stream), await timeWaku(stream));
  const ours = Math.min(timeOurs(stream, wakuCompatBloom), timeOurs(stream, wakuCompatBloom));
  print(
    `  receive+deliver per message, the same ${n}-message stream (waku-compat, filter on every message) to both:`,
  );
  print(`    @waku/sds 0.0.8: ${us(theirs)}   ours: ${us(ours)}   speedup ${(theirs / ours).toFixed(1)}x`);
  print(
    `    (@waku/sds gets only ${n} messages: it re-sorts its whole log on every delivery, so it slows as it grows)`,
  );
  const compact = compactBloom();
  print(`    ours, compact profile: ${us(timeOurs(take(compact, n), compact))}`);
  return theirs / ours;
}

/** Wire bytes per steady-state content message for js-waku and our profiles, in a quiet and a busy channel. */
async function compareBytes(print: (line: string) => void): Promise<void> {
  const count = BYTES_WARMUP + BYTES_SAMPLE;
  const mean3 = (s: readonly Published[]): number =>
    mean(s.slice(BYTES_WARMUP, BYTES_WARMUP + BYTES_SAMPLE).map((p) => p.bytes.length));
  print(
    `  wire bytes per steady-state content message (messages ${BYTES_WARMUP}..${count}, ${CONTENT_BYTES} B payload, history ${DEFAULT_CAUSAL_HISTORY_SIZE}):`,
  );
  for (const [senders, what] of [
    [SENDERS, "each names by causal history all it heard since its last send"],
    [BUSY_SENDERS, "each hears more between its sends than its causal history names"],
  ] as const) {
    const theirs = await wakuStream(count, senders);
    const ratio = (s: readonly Published[]): string => `${(mean3(s) / mean3(theirs)).toFixed(3)}x`;
    const row = (label: string, profile: BloomProfile): void => {
      const ours = take(profile, count, senders);
      print(`      ${label}: ${bytesPerMessage(ours)} = ${ratio(ours)}`);
    };
    print(`    ${senders} senders (${what}):`);
    print(`      @waku/sds 0.0.8 (history 200, filter on every message): ${bytesPerMessage(theirs)}`);
    row("ours waku-compat, filter when needed (default)", wakuCompatBloom);
    row("ours waku-compat, filter on every message", compatAlways);
    row("ours compact, filter when needed", compactBloom());
  }
}

/**
 * sds-core: the same message stream (3 senders that hear each other, 100-byte payloads, 32-byte hints) fed to
 * @waku/sds 0.0.8 and to our core in one process. Prints per-message receive+deliver cost for both, wire
 * bytes per steady-state content message, and our heap over 10^6 messages. Last line:
 * `ratio sds-core <speedup>` (how many times faster ours is).
 */
export async function runSdsCoreBench(print: (line: string) => void = console.log): Promise<number> {
  const started = performance.now();
  print(`sds-core: ${SENDERS} senders, one passive receiver, in-order stream`);
  const speedup = await compareCost(print);
  await compareBytes(print);
  const total = SDS_CORE_LONG_RUN_MESSAGES;
  const run = longRun(compactBloom(), total, DEFAULT_CAUSAL_HISTORY_SIZE);
  print(
    `  ours, ${total.toLocaleString("en")} messages (compact profile, synthetic stream built with the codec):`,
  );
  print(`    receive+deliver per message: ${us(run.perMessageMs)}`);
  print(
    `    heap used after GC: ${run.heap.map(([n, mib]) => `${n.toLocaleString("en")} → ${mib.toFixed(1)} MiB`).join(", ")}`,
  );
  print(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  print(`ratio sds-core ${speedup.toFixed(1)}`);
  return speedup;
}
