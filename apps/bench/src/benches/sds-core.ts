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
import { CONTENT_BYTES, createOurStream, SENDERS, STEP_MS, T0, wakuStream } from "../sds-core/stream.js";

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

function take(profile: BloomProfile, count: number): Published[] {
  const s = createOurStream(profile);
  return Array.from({ length: count }, () => s.next());
}

function bytesPerMessage(stream: readonly Published[]): string {
  const sample = stream.slice(BYTES_WARMUP, BYTES_WARMUP + BYTES_SAMPLE).map((p) => p.bytes.length);
  return `${mean(sample).toFixed(0)} B (min ${Math.min(...sample)}, max ${Math.max(...sample)})`;
}

/** The timed comparison on the same stream; returns the speedup. */
async function compareCost(print: (line: string) => void): Promise<number> {
  const n = SDS_CORE_COMPARED_MESSAGES;
  const stream = take(wakuCompatBloom, n);
  timeOurs(stream, wakuCompatBloom); // warm-up (JIT) for both
  await timeWaku(stream.slice(0, 300));
  // Best of two runs for both, so that neither side gets an advantage from the pick.
  const theirs = Math.min(await timeWaku(stream), await timeWaku(stream));
  const ours = Math.min(timeOurs(stream, wakuCompatBloom), timeOurs(stream, wakuCompatBloom));
  print(`  receive+deliver per message, the same ${n}-message stream (waku-compat bytes) to both:`);
  print(`    @waku/sds 0.0.8: ${us(theirs)}   ours: ${us(ours)}   speedup ${(theirs / ours).toFixed(1)}x`);
  print(
    `    (@waku/sds gets only ${n} messages: it re-sorts its whole log on every delivery, so it slows as it grows)`,
  );
  const compact = compactBloom();
  print(`    ours, compact profile: ${us(timeOurs(take(compact, n), compact))}`);
  return theirs / ours;
}

/** Wire bytes per steady-state content message for js-waku and both of our profiles. */
async function compareBytes(print: (line: string) => void): Promise<void> {
  const count = BYTES_WARMUP + BYTES_SAMPLE;
  const theirs = await wakuStream(count);
  const mean3 = (s: readonly Published[]): number =>
    mean(s.slice(BYTES_WARMUP, BYTES_WARMUP + BYTES_SAMPLE).map((p) => p.bytes.length));
  const compat = take(wakuCompatBloom, count);
  const compact = take(compactBloom(), count);
  print(
    `  wire bytes per steady-state content message (messages ${BYTES_WARMUP}..${count}, ${CONTENT_BYTES} B payload):`,
  );
  print(`    @waku/sds 0.0.8 (history 200): ${bytesPerMessage(theirs)}`);
  const ratio = (s: readonly Published[]): string => `${(mean3(s) / mean3(theirs)).toFixed(3)}x`;
  print(
    `    ours waku-compat (history ${DEFAULT_CAUSAL_HISTORY_SIZE}, filter on every 2nd): ${bytesPerMessage(compat)} = ${ratio(compat)}`,
  );
  print(
    `    ours compact (history ${DEFAULT_CAUSAL_HISTORY_SIZE}, filter on every message): ${bytesPerMessage(compact)} = ${ratio(compact)}`,
  );
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
