import { createSeededRandom, type SeededRandom } from "@reliable-channel/transport-memory";

/** Where a participant keeps its durable state. */
export type StorageKind = "memory" | "sqlite";

/** A time window of the run, in ms since its start: `[fromMs, toMs)`. */
export interface Spell {
  readonly fromMs: number;
  readonly toMs: number;
}

/** One participant of a schedule: a founder (joins at 0) or a newcomer (joins at `joinAtMs`). */
export interface ParticipantPlan {
  readonly id: string;
  readonly joinAtMs: number;
  readonly storage: StorageKind;
  /** Windows in which its transport is offline (it keeps sending). */
  readonly offline: readonly Spell[];
  /** Windows in which its channel is stopped (it restarts from its storage at `toMs`). */
  readonly stopped: readonly Spell[];
}

/** A cut between two groups of founders during `[fromMs, toMs)`; it heals at `toMs`. */
export interface PartitionPlan extends Spell {
  readonly groupA: readonly string[];
  readonly groupB: readonly string[];
}

/** Everything a seed decides: who, which faults, when. Plain data, so it can be printed and replayed. */
export interface Schedule {
  readonly seed: number;
  readonly participants: readonly ParticipantPlan[];
  /** When each message is sent (ms since the start, ascending); the sender is drawn then among the started. */
  readonly sendsAtMs: readonly number[];
  readonly loss: number;
  readonly duplication: number;
  readonly reorder: number;
  readonly latency: { readonly minMs: number; readonly maxMs: number };
  /** The memory network's store retention (ms). Every offline or stopped spell is well within it. */
  readonly retentionMs: number;
  /** SDS-R on (every participant gets `sdsRepair()`) or off. */
  readonly repair: boolean;
  readonly partitions: readonly PartitionPlan[];
  /**
   * 0: the run moves the clock one timer at a time, letting async work finish after each; above 0, in
   * batches of this many virtual ms, so processing lags behind the network (see `DriveOptions.batchMs`).
   */
  readonly batchMs: number;
  /** When the last scheduled action (send, fault, restart, join) happens (ms since the start). */
  readonly lastActionMs: number;
}

/** Bounds of the schedules drawn by {@link drawSchedule}. */
export const SCHEDULE_BOUNDS = {
  founders: [3, 8],
  messages: [20, 80],
  /** Mean gap between two sends (ms). */
  sendGapMs: [300, 3_000],
  maxLoss: 0.5,
  maxDuplication: 0.15,
  maxReorder: 0.3,
  retentionMs: [20 * 60_000, 60 * 60_000],
  /** Longest offline spell (ms); also at most a third of the retention. */
  offlineMs: [2_000, 10 * 60_000],
  /** Longest stop before a restart (ms). */
  stoppedMs: [1_000, 5 * 60_000],
  partitionMs: [2_000, 3 * 60_000],
  /** Virtual ms of timers run before the event loop turns, in the half of the seeds that batch. */
  batchMs: [5, 200],
} as const;

const between = (random: SeededRandom, [low, high]: readonly [number, number]): number =>
  Math.round(low + random.next() * (high - low));

/** A random spell that starts within `[0, windowMs)` and lasts within `lengthMs`. */
function spell(random: SeededRandom, windowMs: number, lengthMs: readonly [number, number]): Spell {
  const fromMs = Math.round(random.next() * windowMs);
  return { fromMs, toMs: fromMs + between(random, lengthMs) };
}

/** Up to `max` spells that do not overlap (a second one starts after the first ends). */
function spells(
  random: SeededRandom,
  max: number,
  windowMs: number,
  lengthMs: readonly [number, number],
): Spell[] {
  const drawn = Array.from({ length: random.int(max + 1) }, () => spell(random, windowMs, lengthMs));
  drawn.sort((a, b) => a.fromMs - b.fromMs);
  const kept: Spell[] = [];
  for (const s of drawn) {
    const last = kept.at(-1);
    if (last === undefined || s.fromMs > last.toMs) kept.push(s);
  }
  return kept;
}

function drawPartitions(
  random: SeededRandom,
  founders: readonly string[],
  windowMs: number,
): PartitionPlan[] {
  return spells(random, 2, windowMs, SCHEDULE_BOUNDS.partitionMs).map((s) => {
    const shuffled = [...founders];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = random.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] ?? "", shuffled[i] ?? ""];
    }
    const cut = 1 + random.int(shuffled.length - 1);
    return { ...s, groupA: shuffled.slice(0, cut).sort(), groupB: shuffled.slice(cut).sort() };
  });
}

function drawParticipants(random: SeededRandom, windowMs: number, retentionMs: number): ParticipantPlan[] {
  const founders = between(random, SCHEDULE_BOUNDS.founders);
  const newcomers = random.int(3);
  const offlineMs: [number, number] = [
    SCHEDULE_BOUNDS.offlineMs[0],
    Math.min(SCHEDULE_BOUNDS.offlineMs[1], Math.floor(retentionMs / 3)),
  ];
  const plans: ParticipantPlan[] = [];
  for (let i = 0; i < founders + newcomers; i += 1) {
    const founder = i < founders;
    const joinAtMs = founder ? 0 : Math.round(random.next() * windowMs);
    // About a third of the participants go offline once or twice; a quarter stop and restart.
    const offline = random.next() < 0.35 ? spells(random, 2, windowMs, offlineMs) : [];
    const stopped =
      random.next() < 0.25
        ? spells(random, 2, windowMs, SCHEDULE_BOUNDS.stoppedMs).filter((s) => s.fromMs > joinAtMs)
        : [];
    const storage: StorageKind = stopped.length > 0 && random.next() < 0.5 ? "sqlite" : "memory";
    plans.push({ id: founder ? `u${i}` : `n${i - founders}`, joinAtMs, storage, offline, stopped });
  }
  return plans;
}

/** Draws the schedule of `seed`: the same seed always gives the same schedule. */
export function drawSchedule(seed: number): Schedule {
  const random = createSeededRandom(seed);
  const messages = between(random, SCHEDULE_BOUNDS.messages);
  const windowMs = messages * between(random, SCHEDULE_BOUNDS.sendGapMs);
  const sendsAtMs = Array.from({ length: messages }, () => 1 + Math.round(random.next() * windowMs)).sort(
    (a, b) => a - b,
  );
  const retentionMs = between(random, SCHEDULE_BOUNDS.retentionMs);
  const lossy = random.next() < 0.8;
  const minMs = between(random, [5, 50]);
  const participants = drawParticipants(random, windowMs, retentionMs);
  const founders = participants.filter((p) => p.joinAtMs === 0).map((p) => p.id);
  const partitions = drawPartitions(random, founders, windowMs);
  const ends = [
    ...sendsAtMs,
    ...partitions.map((p) => p.toMs),
    ...participants.flatMap((p) => [
      p.joinAtMs,
      ...p.offline.map((s) => s.toMs),
      ...p.stopped.map((s) => s.toMs),
    ]),
  ];
  return {
    seed,
    participants,
    sendsAtMs,
    loss: lossy ? Math.round(random.next() * SCHEDULE_BOUNDS.maxLoss * 100) / 100 : 0,
    duplication: Math.round(random.next() * SCHEDULE_BOUNDS.maxDuplication * 100) / 100,
    reorder: Math.round(random.next() * SCHEDULE_BOUNDS.maxReorder * 100) / 100,
    latency: { minMs, maxMs: minMs + between(random, [10, 200]) },
    retentionMs,
    repair: random.next() < 0.5,
    partitions,
    batchMs: random.next() < 0.5 ? 0 : between(random, SCHEDULE_BOUNDS.batchMs),
    lastActionMs: Math.max(...ends),
  };
}
