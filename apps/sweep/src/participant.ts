import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  createReliableChannel,
  type ReliableChannel,
  type ReliableChannelEvents,
  type ReliableChannelOptions,
} from "@reliable-channel/channel";
import {
  type MessageId,
  RELIABLE_CHANNEL_EVENT_NAMES,
  type Storage,
  type Transport,
} from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { sqliteStorage } from "@reliable-channel/storage-sqlite";
import { createSeededRandom, type MemoryNetwork } from "@reliable-channel/transport-memory";
import type { ParticipantLog, RecordedEvent } from "./observation.js";
import type { ParticipantPlan } from "./schedule.js";
import { tapTransport } from "./tap-transport.js";
import { contentOf } from "./wire.js";

const EVENT_TYPES = RELIABLE_CHANNEL_EVENT_NAMES;

/** What a participant needs from the run it is part of. */
export interface ParticipantContext {
  readonly network: MemoryNetwork;
  readonly seed: number;
  readonly repair: boolean;
  /** Where SQLite databases go (a temp directory per participant is made under it). */
  readonly tempRoot: string;
  /** Options every channel gets. */
  readonly channel: ReliableChannelOptions;
  /** Wraps the participant's memory transport (inside the tap, which sees what the channel is given). */
  wrapTransport(transport: Transport): Transport;
  /** Run time: ms since the start of the run. */
  now(): number;
  /** Called for every event, after it was recorded (the run judges `irretrievable` here, and traces). */
  onEvent(participant: Participant, event: RecordedEvent): void;
  /** Called when bytes of a content message first reach this participant (traces). */
  onHeld(participant: Participant, messageId: MessageId): void;
}

/**
 * One participant of a sweep run over all its sessions: its storage (memory or a SQLite file in a temp
 * directory), its current channel, every event of every session with its time, and what it holds: the
 * content messages whose bytes reached it (and when), and the ones its current session logged (sent or
 * delivered), which an SDS-R plug-in of that session could rebroadcast.
 */
export class Participant {
  readonly plan: ParticipantPlan;
  readonly #ctx: ParticipantContext;
  readonly #storage: Storage;
  readonly #directory: string | undefined;
  readonly #events: RecordedEvent[] = [];
  /**
   * Message id → run time by which its bytes had reached this participant and a turn of the event loop
   * had passed (the channel could act on them), or it sent it.
   */
  readonly held = new Map<MessageId, number>();
  /** Content messages whose bytes arrived since the last turn of the event loop. */
  #arriving: MessageId[] = [];
  /** Message id → run time the current session logged it (sent or delivered). */
  readonly logged = new Map<MessageId, number>();
  #channel: ReliableChannel | undefined;
  #session = -1;
  #joinedAt: number | undefined;

  constructor(plan: ParticipantPlan, ctx: ParticipantContext) {
    this.plan = plan;
    this.#ctx = ctx;
    if (plan.storage === "sqlite") {
      this.#directory = mkdtempSync(join(ctx.tempRoot, `sweep-${ctx.seed}-${plan.id}-`));
      this.#storage = sqliteStorage({ path: this.#directory });
    } else {
      this.#directory = undefined;
      this.#storage = memoryStorage();
    }
  }

  get id(): string {
    return this.plan.id;
  }

  /** The current session's channel, if it ever started. */
  get channel(): ReliableChannel | undefined {
    return this.#channel;
  }

  /** Whether its channel is started (it can send; its SDS-R plug-in answers). */
  get started(): boolean {
    return this.#channel?.state === "started";
  }

  /** Opens a new session on the same storage and starts it (the first one is its join). */
  async start(): Promise<void> {
    this.#session += 1;
    this.#joinedAt ??= this.#ctx.now();
    this.logged.clear();
    const session = this.#session;
    const transport = this.#ctx.network.transport(this.id) ?? this.#ctx.network.join(this.id);
    const channel = await createReliableChannel({
      ...this.#ctx.channel,
      channelId: "sweep",
      participantId: this.id,
      transport: tapTransport(this.#ctx.wrapTransport(transport), (bytes) => this.#onBytes(bytes)),
      storage: this.#storage,
      clock: this.#ctx.network.clock,
      random: createSeededRandom(this.#ctx.seed * 1_000 + this.#index() * 10 + session),
      autoStart: false,
      ...(this.#ctx.repair ? { repair: sdsRepair() } : {}),
    });
    for (const type of EVENT_TYPES) channel.on(type, (detail) => this.#record(type, detail, session));
    this.#channel = channel;
    await channel.start();
  }

  /** Stops the current session (its storage stays, for a restart). */
  async stop(): Promise<void> {
    await this.#channel?.stop();
  }

  /** Sends `text`; resolves with the message id. */
  async send(text: string): Promise<MessageId> {
    const channel = this.#channel;
    if (channel === undefined) throw new Error(`${this.id} has no channel`);
    const id = await channel.send(new TextEncoder().encode(text));
    this.held.set(id, this.held.get(id) ?? this.#ctx.now());
    this.logged.set(id, this.#ctx.now());
    return id;
  }

  /** Its events over all sessions, and its join point. */
  log(): ParticipantLog {
    return { id: this.id, joinedAt: this.#joinedAt ?? Number.POSITIVE_INFINITY, events: this.#events };
  }

  /** Closes its storage and deletes its SQLite directory, if it had one. */
  async dispose(): Promise<void> {
    await this.#storage.close();
    if (this.#directory !== undefined) rmSync(this.#directory, { recursive: true, force: true });
  }

  #index(): number {
    return this.#ctx.network.peers.indexOf(this.id) + 1;
  }

  /** A turn of the event loop passed: what arrived before it is held from now on. */
  turned(): void {
    const now = this.#ctx.now();
    for (const id of this.#arriving) {
      if (this.held.has(id)) continue;
      this.held.set(id, now);
      this.#ctx.onHeld(this, id);
    }
    this.#arriving = [];
  }

  #onBytes(bytes: Uint8Array): void {
    const found = contentOf(bytes);
    if (found !== undefined && !this.held.has(found.messageId)) this.#arriving.push(found.messageId);
  }

  #record<K extends keyof ReliableChannelEvents>(
    type: K,
    detail: ReliableChannelEvents[K],
    session: number,
  ): void {
    const event = { type, at: this.#ctx.now(), session, detail } as RecordedEvent;
    this.#events.push(event);
    if (event.type === "message-received") this.logged.set(event.detail.messageId, event.at);
    this.#ctx.onEvent(this, event);
  }
}
