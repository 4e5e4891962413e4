import { compactBloom, createSdsCore, type SdsCore, wakuCompatBloom } from "@reliable-channel/sds";
import { createPrng } from "@reliable-channel/test-kit";
import { mean } from "../sds-core/measure.js";

const PEERS = 5;
const MESSAGES = 600;
const LOSSES = [0.1, 0.3] as const;
const TAIL = 50;
const SIZES = [1, 2, 3, 4, 6, 8, 16] as const;

interface Outcome {
  readonly undetected: number;
  readonly delay: number;
  readonly compatBytes: number;
  readonly compactBytes: number;
}

/**
 * PEERS participants take turns sending; every copy is lost with probability `loss`. A loss counts as
 * detected when a later message's causal history names it (the receiver then gets it at once, as a
 * perfect repair would). Returns the share of losses never detected by causal history (left to sync and
 * the bloom filter) and the mean delay, in messages, between a loss and its detection.
 */
function simulate(h: number, seed: number, compact: boolean, loss: number): Outcome & { bytes: number } {
  const random = createPrng(seed); // seeded: every run measures the same losses
  const bloom = compact ? compactBloom() : wakuCompatBloom;
  const peers: SdsCore[] = Array.from({ length: PEERS }, (_, i) =>
    createSdsCore({
      channelId: "c",
      participantId: `p${i}`,
      causalHistorySize: h,
      bloom,
      joinedAt: 0,
      joinFrontier: false,
    }),
  );
  const sent = new Map<string, { bytes: Uint8Array; index: number; hint: Uint8Array }>();
  const lost = new Map<string, number>(); // "peer/id" → index of the lost message
  const delays: number[] = [];
  const bytes: number[] = [];
  const give = (to: number, payload: Uint8Array, index: number, hint: Uint8Array): void => {
    const r = peers[to]?.receive(payload, { now: index, retrievalHint: hint });
    for (const m of r?.missing ?? []) {
      const key = `${to}/${m.messageId}`;
      const at = lost.get(key);
      const original = sent.get(m.messageId);
      if (original === undefined) continue;
      lost.delete(key);
      if (at !== undefined) delays.push(index - at);
      give(to, original.bytes, index, original.hint);
    }
  };
  for (let i = 0; i < MESSAGES; i++) {
    const from = i % PEERS;
    const out = peers[from]?.send(new Uint8Array([i & 255, i >> 8, 1, 2]), {
      now: i,
      nonce: new Uint8Array([i & 255, i >> 8]),
    });
    if (out === undefined) continue;
    const hint = new Uint8Array(32).fill(i & 255);
    peers[from]?.recordRetrievalHint(out.message.messageId, hint);
    sent.set(out.message.messageId, { bytes: out.bytes, index: i, hint });
    if (i >= 100) bytes.push(out.bytes.length);
    for (let to = 0; to < PEERS; to++) {
      if (to === from) continue;
      // losses of the last TAIL messages are not counted: nothing is sent after them that could name them
      if (random() < loss) {
        if (i < MESSAGES - TAIL) lost.set(`${to}/${out.message.messageId}`, i);
      } else give(to, out.bytes, i, hint);
    }
  }
  const total = lost.size + delays.length;
  return {
    undetected: lost.size / total,
    delay: mean(delays),
    compatBytes: 0,
    compactBytes: 0,
    bytes: mean(bytes),
  };
}

/**
 * sds-history: how the causal-history size trades loss detection against bytes (the measurement behind
 * DEFAULT_CAUSAL_HISTORY_SIZE). Prints one table row per size; the README of @reliable-channel/sds quotes it.
 */
export async function runSdsHistoryBench(print: (line: string) => void = console.log): Promise<void> {
  const seeds = [1, 2, 3, 4, 5];
  print(
    `sds-history: ${PEERS} peers take turns, ${MESSAGES} messages, independent loss per copy, ${seeds.length} seeds`,
  );
  print(
    "  size   undetected by history (10% / 30% loss)   detection delay (msgs)   bytes/msg waku-compat | compact",
  );
  for (const h of SIZES) {
    const cells = LOSSES.map((loss) => seeds.map((seed) => simulate(h, seed, false, loss)));
    const compact = seeds.map((seed) => simulate(h, seed, true, LOSSES[0]));
    const pct = (runs: readonly Outcome[]): string =>
      `${(mean(runs.map((r) => r.undetected)) * 100).toFixed(2)} %`;
    const delay = (runs: readonly Outcome[]): string => mean(runs.map((r) => r.delay)).toFixed(2);
    const bytes = (runs: readonly { bytes: number }[]): string => mean(runs.map((r) => r.bytes)).toFixed(0);
    const [ten = [], thirty = []] = cells;
    print(
      `  ${String(h).padStart(4)}   ${pct(ten).padStart(8)} / ${pct(thirty).padStart(8)}` +
        `${" ".repeat(22)}${delay(ten).padStart(5)} / ${delay(thirty).padStart(5)}` +
        `   ${bytes(ten).padStart(12)} | ${bytes(compact)}`,
    );
  }
}
