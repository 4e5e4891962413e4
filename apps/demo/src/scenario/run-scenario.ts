import { createSeededRandom } from "@reliable-channel/transport-memory";
import type { DemoOptions } from "../cli/options.js";
import type { MetricsRecorder } from "../metrics/recorder.js";
import { demoChannelOptions } from "./channel-tuning.js";
import { CRASHING_PARTICIPANT, type PlanAction, planConversation } from "./conversation-plan.js";
import type { DemoEnvironment } from "./environment.js";
import { createDemoParticipant, type DemoParticipant, demoRoster } from "./participant.js";
import type { WireLedger } from "./wire-ledger.js";

/** Time between two sends of the conversation (ms). @default 100 (ms) */
export const SEND_GAP_MS = 100;
/** How long a Waku run waits for the last deliveries and acknowledgements (ms). @default 20_000 (ms) */
export const WAKU_SETTLE_TIMEOUT_MS = 20_000;
/** How long a memory run waits, in virtual time, for the last deliveries and acks (ms). @default 600_000 (ms) */
export const MEMORY_SETTLE_TIMEOUT_MS = 600_000;
/**
 * With a roster, how long (ms of the run's clock) the run waits after settling for the last
 * `delivered-to-all` (the members' syncs that name the last messages), on Waku and on virtual time.
 * @default 5_000 and 30_000 (ms)
 */
export const DELIVERED_TO_ALL_WAIT_MS = { waku: 5_000, memory: 30_000 } as const;
/** Participants started at once on Waku (each is a libp2p node dialing the service node). @default 10 */
export const WAKU_START_BATCH = 10;

/** What {@link runScenario} needs. */
export interface ScenarioInit {
  readonly options: DemoOptions;
  readonly env: DemoEnvironment;
  readonly recorder: MetricsRecorder;
  readonly ledger: WireLedger;
  /** Called with each line of the story (also kept for the report). */
  readonly tell?: (line: string) => void;
  /** Called once every participant has started (e.g. to show their states live). */
  readonly onStarted?: (participants: readonly DemoParticipant[]) => void;
}

/** What a finished scenario leaves: its participants (still running), the story, and whether it settled. */
export interface ScenarioOutcome {
  readonly participants: readonly DemoParticipant[];
  /** True when every message reached everyone and was acknowledged before the timeout. */
  readonly settled: boolean;
  readonly story: readonly string[];
}

/**
 * Starts the participants, plays the conversation with its faults, then waits until every message has
 * been delivered everywhere and acknowledged (or the timeout passes). Participants are left running; the
 * caller stops them.
 */
export async function runScenario(init: ScenarioInit): Promise<ScenarioOutcome> {
  const { options, env, recorder } = init;
  const story: string[] = [];
  const tell = (line: string): void => {
    const entry = `${(env.now() / 1000).toFixed(2)} s  ${line}`;
    story.push(entry);
    init.tell?.(entry);
  };
  const record = recorder.record.bind(recorder);
  const context = {
    env,
    channelId: `demo-${options.seed}`,
    ledger: init.ledger,
    record,
    participantCount: options.participants,
    seed: options.seed,
    channelOptions: demoChannelOptions(options.participants),
  };
  tell(`starting ${options.participants} participants on ${env.description}`);
  const participants = await startAll(
    options.participants,
    env.virtualTime ? options.participants : WAKU_START_BATCH,
    (i) => createDemoParticipant(context, i, i === CRASHING_PARTICIPANT),
  );
  init.onStarted?.(participants);
  const plan = planConversation({
    participants: options.participants,
    messages: options.messages,
    gapMs: SEND_GAP_MS,
    random: createSeededRandom(options.seed),
  });
  const offset = env.now();
  tell(`conversation of ${options.messages} messages starts`);
  for (const step of plan) {
    await env.sleepUntil(offset + step.at);
    await perform(step.action, participants, { env, recorder, tell, virtual: env.virtualTime });
  }
  tell("every message sent; waiting for the last deliveries and acknowledgements");
  const expected = (): boolean =>
    recorder.deliveredCount >= recorder.sentCount * (options.participants - 1) &&
    recorder.acknowledgedCount >= recorder.sentCount;
  const settled = await env.waitFor(
    expected,
    (wake) => recorder.onChange(wake),
    env.virtualTime ? MEMORY_SETTLE_TIMEOUT_MS : WAKU_SETTLE_TIMEOUT_MS,
  );
  tell(
    settled
      ? "everyone has everything, every message acknowledged"
      : "timed out waiting for the run to settle",
  );
  if (settled && demoRoster(options.participants) !== undefined) await waitForAll(env, recorder, tell);
  return { participants, settled, story };
}

/** Waits a moment for `delivered-to-all` of every message and says how many got it. */
async function waitForAll(
  env: DemoEnvironment,
  recorder: MetricsRecorder,
  tell: (line: string) => void,
): Promise<void> {
  const count = (): number => recorder.snapshot().total.deliveredToAll ?? 0;
  await env.waitFor(
    () => count() >= recorder.sentCount,
    (wake) => recorder.onChange(wake),
    env.virtualTime ? DELIVERED_TO_ALL_WAIT_MS.memory : DELIVERED_TO_ALL_WAIT_MS.waku,
  );
  const all = count();
  tell(
    all >= recorder.sentCount
      ? "every message delivered to all"
      : `${all} of ${recorder.sentCount} messages known delivered to all so far`,
  );
}

async function startAll<T>(count: number, batch: number, start: (index: number) => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  for (let first = 0; first < count; first += batch) {
    const indices = Array.from({ length: Math.min(batch, count - first) }, (_, i) => first + i);
    started.push(...(await Promise.all(indices.map(start))));
  }
  return started;
}

interface PerformContext {
  readonly env: DemoEnvironment;
  readonly recorder: MetricsRecorder;
  readonly tell: (line: string) => void;
  readonly virtual: boolean;
}

async function perform(
  action: PlanAction,
  participants: readonly DemoParticipant[],
  ctx: PerformContext,
): Promise<void> {
  const at = (): number => ctx.env.now();
  if (action.type === "send") {
    const sender = participants[action.sender];
    if (sender === undefined || sender.state === "crashed") return;
    const messageId = await sender.send(`#${action.index + 1} from ${sender.id}`);
    ctx.recorder.record({ kind: "sent", at: at(), participant: sender.id, messageId });
    return;
  }
  const participant = participants[action.participant];
  if (participant === undefined) return;
  const fault = (label: string, detail: string): void => {
    ctx.recorder.record({ kind: "fault", at: at(), participant: participant.id, label });
    ctx.tell(`${participant.id} ${label} ${detail}`);
  };
  switch (action.type) {
    case "crash":
      fault("crashes", "(its node vanishes mid-conversation; only its storage survives)");
      await participant.crash();
      return;
    case "restart":
      await participant.restart();
      fault("restarts", "from its durable storage with a new node");
      return;
    case "offline":
      if (!ctx.env.canTakeOffline) return;
      participant.setOffline(true);
      fault("goes offline", "(nothing reaches it, its publishes fail)");
      return;
    case "online":
      if (!ctx.env.canTakeOffline) return;
      participant.setOffline(false);
      fault("is back online", "and catches up");
      return;
  }
}
