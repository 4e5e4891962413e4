import type { BloomProfile } from "@reliable-channel/sds";
import { createSdsCore, encodeSdsMessage } from "@reliable-channel/sds";
import { createRollingBloom } from "@reliable-channel/sds/internals";
import { heapMiB } from "./measure.js";
import { payload, SENDERS, STEP_MS, T0 } from "./stream.js";

/** The 64-hex id of synthetic message `i`. */
const idOf = (i: number): string => i.toString(16).padStart(64, "0");
/** A 32-byte hint for synthetic message `i`. */
function hintOf(i: number): Uint8Array {
  const h = new Uint8Array(32);
  new DataView(h.buffer).setUint32(28, i);
  return h;
}

/**
 * A cheap synthetic stream in our wire format: `SENDERS` senders taking turns, each message naming the
 * previous `historySize` messages (with hints and senders) and carrying a filter of `profile` filled with
 * recent ids. Built with the codec only, so 10^6 messages take seconds; the receiver cannot tell.
 */
function syntheticStream(profile: BloomProfile, historySize: number) {
  const bloom = createRollingBloom(profile);
  let i = 0;
  return {
    next(): { bytes: Uint8Array; hint: Uint8Array; now: number } {
      const history = [];
      for (let j = Math.max(0, i - historySize); j < i; j++) {
        history.push({ messageId: idOf(j), retrievalHint: hintOf(j), senderId: `sender-${j % SENDERS}` });
      }
      if (i % 64 === 0) for (let j = Math.max(0, i - 64); j < i; j++) bloom.insert(idOf(j));
      const now = T0 + i * STEP_MS;
      const bytes = encodeSdsMessage({
        senderId: `sender-${i % SENDERS}`,
        messageId: idOf(i),
        channelId: "bench",
        lamportTimestamp: BigInt(now),
        causalHistory: history,
        bloomFilter: bloom.view(),
        repairRequest: [],
        content: payload(i),
      });
      return { bytes, hint: hintOf(i++), now };
    },
  };
}

/** Result of {@link longRun}. */
export interface LongRunResult {
  /** Receive+deliver cost per message (ms). */
  readonly perMessageMs: number;
  /** Heap used after GC (MiB) at each fifth of the run, with the message count. */
  readonly heap: readonly (readonly [number, number])[];
}

/** Feeds `total` messages to one receiver of our core, timing `receive` only and reading the heap 5 times. */
export function longRun(profile: BloomProfile, total: number, historySize: number): LongRunResult {
  const stream = syntheticStream(profile, historySize);
  const receiver = createSdsCore({
    channelId: "bench",
    participantId: "receiver",
    bloom: profile,
    joinedAt: T0,
  });
  const heap: [number, number][] = [[0, heapMiB()]];
  let receiveMs = 0;
  let delivered = 0;
  for (let i = 1; i <= total; i++) {
    const { bytes, hint, now } = stream.next();
    const t = performance.now();
    delivered += receiver.receive(bytes, { now, retrievalHint: hint }).delivered.length;
    receiveMs += performance.now() - t;
    if (i % (total / 5) === 0) heap.push([i, heapMiB()]);
  }
  if (delivered !== total) throw new Error(`delivered ${delivered} of ${total}`);
  return { perMessageMs: receiveMs / total, heap };
}
