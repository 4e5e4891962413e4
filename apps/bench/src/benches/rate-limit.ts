import { quantile, type RateLimitReport, simulateRateLimit } from "../rate-limit/simulate.js";

const MESSAGES_PER_EPOCH = 10;
const EPOCH_MS = 10_000;
const EPOCHS = 30;
const SEED = 1;

/**
 * The rate limit manager on the memory network (virtual time): 3 and 8 senders, each behind
 * `rateLimited` with a quota of 10 messages per 10 s epoch and a network that refuses what is over it.
 * A saturated run (each app sends at 1.5× its quota) gives the content share of the quota; a busy run (0.8×)
 * gives the queueing delay and the non-content publishes per content message. Last line:
 * `ratio rate-limit <content share of the quota>` (the lower of the two saturated runs; goal ≥ 0.98).
 */
export async function runRateLimitBench(print: (line: string) => void = console.log): Promise<void> {
  print(
    `rate-limit: ${MESSAGES_PER_EPOCH} messages per ${EPOCH_MS / 1000} s epoch per sender, ${EPOCHS} epochs (first fifth warm-up), virtual time, seed ${SEED}`,
  );
  const shares: number[] = [];
  for (const senders of [3, 8]) {
    for (const load of [1.5, 0.8]) {
      const started = performance.now();
      const run = {
        seed: SEED,
        senders,
        load,
        messagesPerEpoch: MESSAGES_PER_EPOCH,
        epochMs: EPOCH_MS,
        epochs: EPOCHS,
      };
      const r = await simulateRateLimit(run);
      if (load > 1) shares.push(r.contentShare);
      print(
        `  ${senders} senders at ${load}× the quota (${(performance.now() - started).toFixed(0)} ms): ${line(r)}`,
      );
    }
  }
  print(`ratio rate-limit ${Math.min(...shares).toFixed(3)}`);
}

function line(r: RateLimitReport): string {
  const kinds = [...r.byKind.entries()].map(([kind, n]) => `${kind} ${n}`).join(", ");
  return [
    `content share ${r.contentShare.toFixed(3)}`,
    `non-content per content ${r.overheadPerContent.toFixed(3)}`,
    `queueing p50 ${quantile(r.delays, 0.5).toFixed(0)} ms p95 ${quantile(r.delays, 0.95).toFixed(0)} ms`,
    `refused ${r.refused}`,
    `peak/epoch ${r.peakPerEpoch}`,
    `(${kinds})`,
  ].join("; ");
}
