import { accessSync, constants } from "node:fs";
import { tmpdir } from "node:os";
import { DEFAULT_MISSING_TIMEOUT_MS, type ReliableChannelOptions } from "@reliable-channel/channel";
import { type MessageId, NotStartedError, type Transport } from "@reliable-channel/interfaces";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { violations } from "./checks.js";
import { driveUntil } from "./drive.js";
import { judgeIrretrievable } from "./judge.js";
import { type Observation, type RecordedEvent, type SentMessage, short } from "./observation.js";
import { Participant, type ParticipantContext } from "./participant.js";
import { drawSchedule, type Schedule } from "./schedule.js";
import { describeEvent, describeSchedule, stamp } from "./trace.js";
import { observeWire } from "./wire.js";

/** Options of {@link runSeed}. */
export interface RunSeedOptions {
  /** Receives the trace: the schedule, every action of the run, and `participant`'s events. @default none */
  readonly trace?: (line: string) => void;
  /** Whose channel events (and first arrivals of bytes) the trace shows. @default none */
  readonly participant?: string | undefined;
  /**
   * Channel options given to every participant, on top of the defaults the sweep checks. For tests of the
   * sweep itself (a channel told to give up early must be caught). @default none
   */
  readonly channel?: ReliableChannelOptions;
  /** Wraps every participant's transport, for tests of the sweep itself. @default none */
  readonly transport?: (transport: Transport) => Transport;
  /** Where the SQLite participants' temp directories go. @default `/dev/shm` when writable, else the OS temp dir */
  readonly tempRoot?: string;
}

/** What one seed gave. */
export interface SeedResult {
  readonly seed: number;
  readonly violations: readonly string[];
  readonly messages: number;
  /** Virtual time the run took until every channel stopped (ms). */
  readonly virtualMs: number;
  /** How often the channels said what the sweep is about, summed over participants. */
  readonly counts: Readonly<Record<CountedEvent, number>>;
}

/** The events a result counts: what the run exercised. */
export const COUNTED_EVENTS = [
  "missing",
  "retrieved",
  "irretrievable",
  "recovered",
  "caught-up",
  "message-received",
] as const;
/** One of {@link COUNTED_EVENTS}. */
export type CountedEvent = (typeof COUNTED_EVENTS)[number];

function countEvents(observation: Observation): Record<CountedEvent, number> {
  const counts = Object.fromEntries(COUNTED_EVENTS.map((type) => [type, 0])) as Record<CountedEvent, number>;
  for (const p of observation.participants)
    for (const event of p.events) if (event.type in counts) counts[event.type as CountedEvent] += 1;
  return counts;
}

/** How long after the last scheduled action quiescence may take: retention + the missing timeout + 10 min. */
const quiescenceBoundMs = (schedule: Schedule) => schedule.retentionMs + DEFAULT_MISSING_TIMEOUT_MS + 600_000;
/** How long the run goes on once quiescent, so a late duplicate or give-up still shows (ms). */
const AFTER_QUIESCENCE_MS = 120_000;

class SweepRun {
  readonly schedule: Schedule;
  readonly network: MemoryNetwork;
  readonly origin: number;
  readonly participants: Participant[] = [];
  readonly sent: SentMessage[] = [];
  readonly live: string[] = [];
  readonly wire: ReturnType<typeof observeWire>;
  readonly #labels = new Map<MessageId, string>();
  readonly #delivered = new Map<string, Set<MessageId>>();
  readonly #trace: RunSeedOptions["trace"];
  readonly #traced: string | undefined;
  /** Each participant's lifecycle steps (join, stop, restart), one after the other. */
  readonly #chains = new Map<string, Promise<void>>();
  /** Sends under way, by sender. */
  readonly #inFlight = new Map<string, number>();
  #pendingSends = 0;

  constructor(schedule: Schedule, options: RunSeedOptions, tempRoot: string) {
    this.schedule = schedule;
    this.network = createMemoryNetwork({
      seed: schedule.seed,
      loss: schedule.loss,
      duplication: schedule.duplication,
      reorder: schedule.reorder,
      latency: schedule.latency,
      retentionMs: schedule.retentionMs,
    });
    this.origin = this.network.clock.now();
    this.wire = observeWire(this.network);
    this.#trace = options.trace;
    this.#traced = options.participant;
    const ctx: ParticipantContext = {
      network: this.network,
      seed: schedule.seed,
      repair: schedule.repair,
      tempRoot,
      channel: options.channel ?? {},
      wrapTransport: options.transport ?? ((transport) => transport),
      now: () => this.now(),
      onEvent: (p, event) => this.#onEvent(p, event),
      onHeld: (p, id) => {
        if (p.id === this.#traced) this.note(`${p.id} has the bytes of ${this.label(id)}`);
      },
    };
    for (const plan of schedule.participants) {
      this.network.join(plan.id);
      this.participants.push(new Participant(plan, ctx));
      this.#delivered.set(plan.id, new Set());
    }
  }

  now(): number {
    return this.network.clock.now() - this.origin;
  }

  /** A turn of the event loop passed. */
  turned(): void {
    for (const p of this.participants) p.turned();
  }

  label(id: MessageId): string {
    return this.#labels.get(id) ?? short(id);
  }

  note(line: string): void {
    this.#trace?.(`${stamp(this.now())} ${line}`);
  }

  at(ms: number, action: () => void): void {
    this.network.clock.setTimeout(action, this.origin + ms - this.network.clock.now());
  }

  /** At run time `ms`: notes `what` in the trace, then does `action`. */
  act(ms: number, what: string, action: () => void): void {
    this.at(ms, () => {
      this.note(what);
      action();
    });
  }

  /** Runs `step` after the participant's earlier lifecycle steps; a failure is a violation. */
  lifecycle(p: Participant, what: string, step: () => Promise<void>): void {
    this.note(`${p.id} ${what}`);
    this.#chains.set(
      p.id,
      (this.#chains.get(p.id) ?? Promise.resolve()).then(step).catch((error: unknown) => {
        this.live.push(`${p.id} failed to ${what} at ${this.now()} ms: ${String(error)}`);
      }),
    );
  }

  send(k: number, random: ReturnType<typeof createSeededRandom>): void {
    const started = this.participants.filter((p) => p.started);
    const sender = started[random.int(Math.max(1, started.length))];
    if (sender === undefined) return void this.note(`send #${k}: nobody started`);
    const label = `${sender.id}#${k}`;
    const senderIndex = this.sent.filter((m) => m.senderId === sender.id).length + this.#sendingBy(sender.id);
    const createdAt = this.now();
    this.note(`${sender.id} sends ${label}${this.network.isOffline(sender.id) ? " (offline)" : ""}`);
    this.#pendingSends += 1;
    this.#inFlight.set(sender.id, this.#sendingBy(sender.id) + 1);
    sender
      .send(label)
      .then((messageId) => {
        this.#labels.set(messageId, label);
        this.sent.push({ messageId, senderId: sender.id, senderIndex, createdAt, label });
      })
      .catch((error: unknown) => {
        // A stop that overtook the send (timers run in batches): `send` rejects, as documented.
        if (error instanceof NotStartedError)
          return this.note(`${sender.id}'s send of ${label}: not started`);
        this.live.push(`${sender.id}'s send of ${label} rejected: ${String(error)}`);
      })
      .finally(() => {
        this.#pendingSends -= 1;
        this.#inFlight.set(sender.id, this.#sendingBy(sender.id) - 1);
      });
  }

  #sendingBy(id: string): number {
    return this.#inFlight.get(id) ?? 0;
  }

  /** Run time a message counts as created at: its Lamport timestamp once on the wire. */
  createdAt(message: SentMessage): number {
    const wire = this.wire.get(message.messageId);
    return wire === undefined ? message.createdAt : Number(wire.lamportTimestamp) - this.origin;
  }

  /** What keeps `p` from being quiet, or undefined when nothing does. */
  pendingAt(p: Participant): string | undefined {
    const channel = p.channel;
    if (channel === undefined || !p.started) return "not started";
    const status = channel.syncStatus;
    const delivered = this.#delivered.get(p.id) ?? new Set();
    const joinedAt = p.log().joinedAt;
    const undelivered = this.sent.filter(
      (m) => m.senderId !== p.id && this.createdAt(m) >= joinedAt && !delivered.has(m.messageId),
    );
    if (channel.outboxSize === 0 && status.status === "synced" && undelivered.length === 0) return undefined;
    return `outbox ${channel.outboxSize}, ${status.status} (missing ${status.missing}), ${undelivered.length} undelivered`;
  }

  quiet(): boolean {
    if (this.#pendingSends > 0 || this.now() < this.schedule.lastActionMs) return false;
    return this.participants.every((p) => this.pendingAt(p) === undefined);
  }

  #onEvent(p: Participant, event: RecordedEvent): void {
    if (event.type === "message-received") this.#delivered.get(p.id)?.add(event.detail.messageId);
    if (event.type === "irretrievable") {
      const ctx = {
        network: this.network,
        wire: this.wire,
        participants: this.participants,
        repair: this.schedule.repair,
        label: (id: MessageId) => this.label(id),
      };
      this.live.push(...judgeIrretrievable(ctx, p, event.detail, event.at));
    }
    if (p.id === this.#traced && event.type !== "possibly-acknowledged")
      this.note(`${p.id} ${describeEvent(event, (id) => this.label(id), this.origin)}`);
  }
}

/** Schedules every action of the run on the virtual clock: joins, spells, partitions, sends. */
function scheduleActions(run: SweepRun): void {
  const { schedule, network } = run;
  for (const p of run.participants) {
    const { plan } = p;
    if (plan.joinAtMs > 0) run.at(plan.joinAtMs, () => run.lifecycle(p, "joins", () => p.start()));
    for (const s of plan.stopped) {
      run.at(s.fromMs, () => run.lifecycle(p, "stops", () => p.stop()));
      run.at(s.toMs, () => run.lifecycle(p, "restarts", () => p.start()));
    }
    for (const s of plan.offline) {
      run.act(s.fromMs, `${p.id} goes offline`, () => network.setOffline(p.id, true));
      run.act(s.toMs, `${p.id} comes back online`, () => network.setOffline(p.id, false));
    }
  }
  for (const cut of schedule.partitions) {
    const { groupA, groupB } = cut;
    run.act(cut.fromMs, `partition ${groupA} | ${groupB}`, () => network.partition(groupA, groupB));
    run.act(cut.toMs, "partition heals", () => network.heal());
  }
  const random = createSeededRandom(schedule.seed ^ 0x5eed);
  schedule.sendsAtMs.forEach((ms, k) => {
    run.at(ms, () => run.send(k, random));
  });
}

/** Drives the run to quiescence (bounded), a little beyond, then stops every channel and settles the network. */
async function drive(run: SweepRun): Promise<Pick<Observation, "notQuiescent" | "pendingAfterStop">> {
  const { clock } = run.network;
  const bound = run.origin + run.schedule.lastActionMs + quiescenceBoundMs(run.schedule);
  const options = { batchMs: run.schedule.batchMs, turned: () => run.turned() };
  const quiet = await driveUntil(clock, bound, () => run.quiet(), options);
  const notQuiescent = quiet
    ? undefined
    : `at ${run.now()} ms: ${run.participants.flatMap((p) => (run.pendingAt(p) === undefined ? [] : [`${p.id}: ${run.pendingAt(p)}`])).join("; ")}`;
  run.note(quiet ? "quiescent" : `not quiescent: ${notQuiescent}`);
  await driveUntil(clock, clock.now() + AFTER_QUIESCENCE_MS, () => false, options);
  for (const p of run.participants) await p.stop();
  await run.network.settle();
  run.note(`every channel stopped; ${clock.pending()} timers pending`);
  return { notQuiescent, pendingAfterStop: clock.pending() };
}

/** Runs the schedule of `seed` and checks it; every violation is one line. */
export function runSeed(seed: number, options: RunSeedOptions = {}): Promise<SeedResult> {
  return runSchedule(drawSchedule(seed), options);
}

/** Runs `schedule` and checks it (a hand-written schedule reproduces a case exactly). */
export async function runSchedule(schedule: Schedule, options: RunSeedOptions = {}): Promise<SeedResult> {
  const { seed } = schedule;
  if (options.trace !== undefined) for (const line of describeSchedule(schedule)) options.trace(line);
  const run = new SweepRun(schedule, options, options.tempRoot ?? defaultTempRoot());
  try {
    for (const p of run.participants) if (p.plan.joinAtMs === 0) await p.start();
    scheduleActions(run);
    const ending = await drive(run);
    const observation: Observation = {
      participants: run.participants.map((p) => p.log()),
      sent: run.sent,
      wire: run.wire,
      startedAt: run.origin,
      live: run.live,
      ...ending,
    };
    return {
      seed,
      violations: violations(observation),
      messages: run.sent.length,
      virtualMs: run.now(),
      counts: countEvents(observation),
    };
  } finally {
    await Promise.all(run.participants.map((p) => p.dispose()));
  }
}

/** `/dev/shm` when it is a writable directory (SQLite's fsyncs cost nothing there), else the OS temp dir. */
function defaultTempRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}
