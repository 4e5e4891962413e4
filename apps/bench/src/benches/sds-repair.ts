import { createPrng, sample, uniformInt } from "@reliable-channel/test-kit";
import {
  DeliveryQueue,
  type RepairSimulationReport,
  simulateRepair,
} from "@reliable-channel/test-kit/sds-repair-simulation";
import { Message, MessageChannel } from "@waku/sds";

/** Seeds of our simulation (the same range as the package's simulation test). */
export const SDS_REPAIR_BENCH_SEEDS = 100;
/** Seeds of the @waku/sds 0.0.8 reference run (about 0.2 s per seed). */
export const SDS_REPAIR_REFERENCE_SEEDS = 30;

const PARTICIPANTS = 100;
const LATENCY = { min: 20, max: 250 } as const;
const DETECTION_AT = 5_000;
const MAX_TIME_MS = 3_600_000;
const WAKE: Uint8Array = new Uint8Array(0);

/** Per-run numbers, per lost message. */
interface RunNumbers {
  readonly requests: number;
  readonly responses: number;
  readonly repaired: boolean;
}

/**
 * SDS-Repair: 100 participants on virtual time, one message lost for a third of them. Runs our core +
 * plug-in over 100 seeds (and with the original sender offline), then the same scenario with @waku/sds
 * 0.0.8 `MessageChannel`s (repair enabled, their formulas — identical to ours) as the reference. Prints
 * requests and responses per lost message; the last line is `ratio sds-repair <responses per lost message>`
 * (ours; lower is better, 1 = one rebroadcast per loss; the target is ≤ 1.5).
 */
export async function runSdsRepairBench(print: (line: string) => void = console.log): Promise<void> {
  print(`sds-repair: ${PARTICIPANTS} participants, one message lost for a third of them, virtual time`);
  const ours = measure(SDS_REPAIR_BENCH_SEEDS, (seed) => toNumbers(simulateRepair({ seed })));
  report(print, `ours, ${SDS_REPAIR_BENCH_SEEDS} seeds`, ours.runs, ours.ms);
  const offline = measure(SDS_REPAIR_BENCH_SEEDS, (seed) =>
    toNumbers(simulateRepair({ seed, originOffline: true })),
  );
  report(print, `ours, original sender offline, ${SDS_REPAIR_BENCH_SEEDS} seeds`, offline.runs, offline.ms);
  const started = performance.now();
  const reference: RunNumbers[] = [];
  for (let seed = 1; seed <= SDS_REPAIR_REFERENCE_SEEDS; seed++) reference.push(await wakuReferenceRun(seed));
  report(
    print,
    `@waku/sds 0.0.8, ${SDS_REPAIR_REFERENCE_SEEDS} seeds`,
    reference,
    performance.now() - started,
  );
  const ratio = mean(ours.runs.map((r) => r.responses));
  const theirs = mean(reference.map((r) => r.responses));
  print(`  responses per lost message, ours / @waku/sds: ${(ratio / theirs).toFixed(2)}`);
  print(`ratio sds-repair ${ratio.toFixed(2)}`);
}

function toNumbers(r: RepairSimulationReport): RunNumbers {
  return {
    requests: r.requests / r.lostMessages,
    responses: r.responses / r.lostMessages,
    repaired: r.undelivered.length === 0 && r.maxResponsesByOneParticipant <= 1,
  };
}

function measure(seeds: number, run: (seed: number) => RunNumbers): { runs: RunNumbers[]; ms: number } {
  const started = performance.now();
  const runs: RunNumbers[] = [];
  for (let seed = 1; seed <= seeds; seed++) runs.push(run(seed));
  return { runs, ms: performance.now() - started };
}

function report(print: (line: string) => void, label: string, runs: readonly RunNumbers[], ms: number): void {
  const ok = runs.filter((r) => r.repaired).length;
  print(`  ${label} (${ms.toFixed(0)} ms):`);
  print(`    requests per lost message:  ${summary(runs.map((r) => r.requests))}`);
  print(`    responses per lost message: ${summary(runs.map((r) => r.responses))}`);
  print(`    runs where everyone ended with the message: ${ok}/${runs.length}`);
}

function summary(values: readonly number[]): string {
  return `mean ${mean(values).toFixed(2)}, min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)}`;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

/**
 * The same scenario over @waku/sds 0.0.8 `MessageChannel`s with repair enabled, driven the way its
 * `sweepRepairIncomingBuffer` / `pushOutgoingSyncMessage` API asks. It reads `Date.now()`, so the run
 * replaces it with the virtual clock and restores it afterwards.
 */
async function wakuReferenceRun(seed: number): Promise<RunNumbers> {
  const realNow = Date.now;
  let now = 0;
  Date.now = () => now;
  try {
    const prng = createPrng(seed);
    const queue = new DeliveryQueue();
    const ids = Array.from({ length: PARTICIPANTS }, (_, i) => `p${String(i).padStart(3, "0")}`);
    const channels = ids.map((id) => new MessageChannel("sds-repair-reference", id, { enableRepair: true }));
    const has = new Set<number>();
    let lostId = "";
    let responses = 0;
    let requests = 0;
    channels.forEach((channel, i) => {
      // MessageChannel is an EventTarget at runtime; its event map types come from a package we do not import.
      const events = channel as unknown as EventTarget;
      const wake = (event: Event) => {
        const detail = (event as CustomEvent<{ tReq?: number; tResp?: number }>).detail;
        queue.push(detail.tReq ?? detail.tResp ?? now, i, WAKE);
      };
      events.addEventListener("RepairRequestQueued", wake);
      events.addEventListener("RepairResponseQueued", wake);
      events.addEventListener("sds:in:message-delivered", (event) => {
        if ((event as CustomEvent<string>).detail === lostId) has.add(i);
      });
    });
    const broadcast = (bytes: Uint8Array, drop: ReadonlySet<number> = new Set()) => {
      for (let to = 0; to < PARTICIPANTS; to++) {
        if (!drop.has(to)) queue.push(now + uniformInt(prng, LATENCY.min, LATENCY.max), to, bytes);
      }
    };
    const send = async (i: number, text: string): Promise<Uint8Array> => {
      let bytes: Uint8Array = WAKE;
      await channels[i]?.pushOutgoingMessage(new TextEncoder().encode(`${text} ${seed}`), async (message) => {
        bytes = message.encode();
        return { success: true };
      });
      await channels[i]?.processTasks();
      return bytes;
    };
    const [origin = 0, follower = 1] = sample(prng, Array.from(ids.keys()), 2);
    const others = Array.from(ids.keys()).filter((i) => i !== origin && i !== follower);
    const lost = new Set(sample(prng, others, Math.round((PARTICIPANTS - 1) / 3)));
    const first = await send(origin, "the message that gets lost");
    lostId = Message.decode(first)?.messageId ?? "";
    has.add(origin);
    broadcast(first, lost);
    queue.push(DETECTION_AT, follower, WAKE);
    let followed = false;
    for (let item = queue.pop(); item !== undefined && item.at <= MAX_TIME_MS; item = queue.pop()) {
      now = item.at;
      const channel = channels[item.to];
      if (channel === undefined) continue;
      if (!followed && now >= DETECTION_AT) {
        followed = true;
        broadcast(await send(follower, "a reply that depends on it"));
      }
      if (item.bytes !== WAKE) {
        const message = Message.decode(item.bytes);
        if (message !== undefined) channel.pushIncomingMessage(message, undefined);
        await channel.processTasks();
        channel.sweepIncomingBuffer();
        continue;
      }
      await channel.sweepRepairIncomingBuffer(async (message) => {
        responses += 1;
        broadcast(message.encode());
        return true;
      });
      await channel.pushOutgoingSyncMessage(async (message) => {
        const asked = message.repairRequest.filter((entry) => entry.messageId === lostId).length;
        if (asked > 0) broadcast(message.encode());
        requests += asked;
        return true;
      });
    }
    return { requests, responses, repaired: has.size === PARTICIPANTS };
  } finally {
    Date.now = realNow;
  }
}
