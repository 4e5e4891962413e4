import {
  createReliableChannel,
  type ReliableChannel,
  type ReliableChannelOptions,
} from "@reliable-channel/channel";
import {
  type MessageId,
  NotStartedError,
  type ParticipantId,
  type Storage,
} from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import type { DemoEvent } from "../metrics/demo-event.js";
import type { DemoEnvironment, ParticipantConnection } from "./environment.js";
import { bridgeChannelEvents } from "./event-bridge.js";
import { tapTransport } from "./tap-transport.js";
import type { WireLedger } from "./wire-ledger.js";

/**
 * Runs with at most this many participants give every channel the roster (all participants), so the report
 * shows `delivered-to-all` per sender. Above it there is none: with a roster every member syncs after new
 * messages (its own causal history is the receipt), which a thousand-participant run does not need.
 * @default 50 (participants)
 */
export const DEMO_ROSTER_LIMIT = 50;

/** The roster of a run of `count` participants (`p1` … `pN`), or none above {@link DEMO_ROSTER_LIMIT}. */
export function demoRoster(count: number): readonly ParticipantId[] | undefined {
  if (count > DEMO_ROSTER_LIMIT) return undefined;
  return Array.from({ length: count }, (_, i) => `p${i + 1}`);
}

/** Where a participant stands. */
export type ParticipantState = "online" | "offline" | "crashed";

/** What every participant of a run shares. */
export interface ParticipantContext {
  readonly env: DemoEnvironment;
  readonly channelId: string;
  readonly ledger: WireLedger;
  readonly record: (event: DemoEvent) => void;
  readonly participantCount: number;
  readonly seed: number;
  /** Channel tuning for this run (faster retries and syncs than the defaults, for a short demo). */
  readonly channelOptions: ReliableChannelOptions;
}

/** One participant of the demo: a reliable channel over its own connection, that can crash and go offline. */
export interface DemoParticipant {
  readonly id: ParticipantId;
  readonly state: ParticipantState;
  /** Sends `text`; resolves with the message id once it is in the durable outbox. */
  send(text: string): Promise<MessageId>;
  /** Abrupt stop: the network goes first, then the channel object is dropped; only storage remains. */
  crash(): Promise<void>;
  /** A new connection and a new channel restored from the participant's storage. */
  restart(): Promise<void>;
  setOffline(offline: boolean): void;
  /** Graceful stop at the end of the run. */
  stop(): Promise<void>;
}

interface Incarnation {
  readonly connection: ParticipantConnection;
  readonly storage: Storage;
  readonly channel: ReliableChannel;
  readonly unbridge: () => void;
}

/** Creates and starts participant number `index` (0-based); `durable` gives it storage that survives a crash. */
export async function createDemoParticipant(
  context: ParticipantContext,
  index: number,
  durable: boolean,
): Promise<DemoParticipant> {
  const id = `p${index + 1}`;
  const seen = new Set<MessageId>();
  const encoder = new TextEncoder();
  let incarnations = 0;
  const members = demoRoster(context.participantCount);
  const start = async (): Promise<Incarnation> => {
    const connection = await context.env.connect(id);
    const storage = context.env.openStorage(id, durable);
    const transport = tapTransport(connection.transport, {
      participantId: id,
      ledger: context.ledger,
      now: context.env.now,
      record: context.record,
      seen,
    });
    incarnations += 1;
    const channel = await createReliableChannel({
      ...context.channelOptions,
      channelId: context.channelId,
      participantId: id,
      transport,
      storage,
      clock: context.env.clock,
      random: createSeededRandom(context.seed * 7919 + index * 31 + incarnations),
      repair: sdsRepair({ participantCount: context.participantCount }),
      autoStart: false,
      ...(members === undefined ? {} : { members }),
    });
    // Listen before the start: a start already delivers what arrives while the transport subscribes, and
    // re-publishes (or gives up) the outbox restored from storage. Its events are not repeated later.
    const unbridge = bridgeChannelEvents(channel, id, context.env.now, context.record);
    try {
      await channel.start();
    } catch (error) {
      unbridge();
      throw error;
    }
    return { connection, storage, channel, unbridge };
  };
  let current: Incarnation | undefined = await start();
  let state: ParticipantState = "online";
  const shutdown = async (incarnation: Incarnation, abrupt: boolean): Promise<void> => {
    if (abrupt) await incarnation.connection.sever();
    await incarnation.channel.stop();
    incarnation.unbridge();
    await incarnation.storage.close();
    if (!abrupt) await incarnation.connection.close();
  };
  return {
    id,
    get state() {
      return state;
    },
    async send(text) {
      if (current === undefined) throw new NotStartedError(`${id} has crashed and not restarted yet`);
      return current.channel.send(encoder.encode(text));
    },
    async crash() {
      if (current === undefined) return;
      const incarnation = current;
      current = undefined;
      state = "crashed";
      await shutdown(incarnation, true);
    },
    async restart() {
      if (current !== undefined) return;
      current = await start();
      state = "online";
    },
    setOffline(offline) {
      if (current === undefined) return;
      context.env.setOffline(id, offline);
      state = offline ? "offline" : "online";
    },
    async stop() {
      if (current === undefined) return;
      const incarnation = current;
      current = undefined;
      await shutdown(incarnation, false);
    },
  };
}
