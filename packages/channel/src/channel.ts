import {
  type DeliveryState,
  type MessageId,
  NotStartedError,
  type ParticipantId,
  type ReliableChannelEvents,
  type StabilityWatermark,
  type SyncStatusEvent,
  TypedEmitter,
} from "@reliable-channel/interfaces";
import { jsWakuWire, type WireProfile } from "@reliable-channel/sds";
import { bloomCheck } from "./bloom-check.js";
import { MemberDelivery } from "./member-delivery.js";
import type { ChannelState, ReliableChannel } from "./reliable-channel.js";
import { Session, type SessionInit } from "./session.js";

/** How long (ms) the channel waits before it restarts from storage after a failed commit. */
const RECOVERY_DELAY_MS = 1_000;

/** What a {@link Channel} is built with: a session's init, less what the channel adds itself. */
export type ChannelInit = Omit<SessionInit, "emit" | "onCommitError" | "delivery"> & {
  /** The channel's wire, for reading bloom filters (`possibly`). @default js-waku's, when that is the wire */
  readonly wire?: Pick<WireProfile, "name" | "bloom" | "decodeFilter">;
};

/** The channel behind {@link ReliableChannel}: the lifecycle and the event emitter, across sessions. */
export class Channel extends TypedEmitter<ReliableChannelEvents> implements ReliableChannel {
  readonly #init: ChannelInit;
  readonly #delivery: MemberDelivery;
  #recovering = false;
  #state: ChannelState = "idle";
  #session: Session | undefined;
  #transition: Promise<void> = Promise.resolve();
  #lastStatus: SyncStatusEvent = { status: "synced", received: 0, missing: 0, lost: 0 };
  /** What the app asked for last (`start()` or `stop()`), whether or not it is done yet. */
  #wanted: "started" | "stopped" = "stopped";
  /** `stop()` was called while a restart after a failed commit waited: the restart is dropped. */
  #stopRequested = false;
  /** Ends the wait before a restart after a failed commit (`stop()` calls it). */
  #endRecoveryWait: (() => void) | undefined;

  /** A channel over these components; nothing runs until {@link Channel.start}. */
  constructor(init: ChannelInit) {
    super();
    this.#init = init;
    const wire = init.wire ?? (init.options.wireProfile === "js-waku" ? jsWakuWire : undefined);
    this.#delivery = new MemberDelivery({
      self: init.components.participantId,
      encryption: init.components.encryption,
      members: init.options.members,
      maxPending: init.options.maxPendingDeliveries,
      // js-waku's filters are read for `possibly`; nim-sds's members are `known` or `unknown` only.
      bloom: wire?.name === "js-waku" ? bloomCheck(wire) : undefined,
      emit: (type, detail) => this.emit(type, detail),
    });
  }

  /** @inheritdoc */
  get channelId(): string {
    return this.#init.components.channelId;
  }

  /** @inheritdoc */
  get participantId(): string {
    return this.#init.components.participantId;
  }

  /** @inheritdoc */
  get state(): ChannelState {
    return this.#state;
  }

  /** @inheritdoc */
  get syncStatus(): SyncStatusEvent {
    return this.#session?.status ?? this.#lastStatus;
  }

  /** @inheritdoc */
  get outboxSize(): number {
    return this.#session?.sender.pending ?? 0;
  }

  /** @inheritdoc */
  get members(): readonly ParticipantId[] | undefined {
    return this.#delivery.members;
  }

  /** @inheritdoc */
  get stabilityWatermark(): StabilityWatermark | undefined {
    return this.#delivery.watermark;
  }

  /** @inheritdoc */
  setMembers(members: readonly ParticipantId[]): Promise<void> {
    try {
      return this.#delivery.setMembers(members);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @inheritdoc */
  deliveryState(messageId: MessageId): DeliveryState | undefined {
    return this.#delivery.state(messageId);
  }

  /** @inheritdoc */
  start(): Promise<void> {
    if (this.#wanted === "started") return this.#transition;
    this.#wanted = "started";
    this.#stopRequested = false;
    return this.#then(() => this.#start());
  }

  /** @inheritdoc */
  stop(): Promise<void> {
    this.#endRecoveryWait?.();
    if (this.#wanted === "stopped") return this.#transition;
    this.#wanted = "stopped";
    return this.#then(() => this.#stop());
  }

  /**
   * Runs `step` after every transition asked for before it, whether they succeeded or not (`start()` and
   * `stop()` called in a row, unawaited, end as the last one asked).
   */
  #then(step: () => Promise<void>): Promise<void> {
    const next = this.#transition.catch(() => {}).then(step);
    this.#transition = next;
    return next;
  }

  /** @inheritdoc */
  send(payload: Uint8Array): Promise<MessageId> {
    try {
      return this.#started().sender.send(payload);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @inheritdoc */
  async sendEphemeral(payload: Uint8Array): Promise<MessageId> {
    return this.#started().sendEphemeral(payload);
  }

  async #start(): Promise<void> {
    if (this.#state === "started") return;
    this.#state = "starting";
    try {
      await this.#delivery.ready();
      const session = await this.#openSession();
      this.#session = session;
      await session.open();
      this.#state = "started";
    } catch (error) {
      await this.#session?.close().catch(() => {});
      this.#session = undefined;
      this.#state = "stopped";
      this.#wanted = "stopped";
      throw error;
    }
  }

  /** Opens the storage and builds a session from what it holds; the storage is closed again on failure. */
  async #openSession(): Promise<Session> {
    const { storage, channelId } = this.#init.components;
    const channelStorage = await storage.open(channelId);
    try {
      const stored = await channelStorage.load();
      return new Session(
        {
          ...this.#init,
          delivery: this.#delivery,
          emit: (type, detail) => this.emit(type, detail),
          onCommitError: (error) => this.#commitFailed(error),
        },
        channelStorage,
        stored,
      );
    } catch (error) {
      await channelStorage.close();
      throw error;
    }
  }

  async #stop(): Promise<void> {
    const session = this.#session;
    if (session === undefined) return;
    this.#state = "stopping";
    try {
      await session.close();
    } finally {
      this.#lastStatus = session.status;
      this.#session = undefined;
      this.#state = "stopped";
    }
  }

  /**
   * A commit failed, so memory is ahead of storage (a message may be marked delivered without its event).
   * The channel reports it and restarts from storage, its last durable state: what was not committed is
   * received again (re-sent, retrieved or repaired) and delivered then. If the restart fails, the channel
   * stays stopped and reports that too.
   */
  #commitFailed(error: unknown): void {
    this.emit("error", { error, operation: "storage commit" });
    if (this.#recovering || this.#state !== "started") return;
    this.#recovering = true;
    void this.#then(async () => {
      try {
        await this.#stop();
        // The app asked for stop() while the session was closing: it stays stopped, at once.
        if (this.#wanted === "stopped") return;
        // A storage that keeps failing must not spin the restart: wait a moment (stop() ends the wait).
        await this.#recoveryWait();
        if (this.#state !== "stopped" || this.#stopRequested) return;
        await this.#start();
      } catch (failure) {
        this.emit("error", { error: failure, operation: "restart after a failed commit" });
      } finally {
        this.#recovering = false;
      }
    });
  }

  #recoveryWait(): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.#init.components.clock.setTimeout(() => end(), RECOVERY_DELAY_MS);
      const end = (): void => {
        cancel();
        this.#endRecoveryWait = undefined;
        resolve();
      };
      this.#endRecoveryWait = () => {
        this.#stopRequested = true;
        end();
      };
    });
  }

  #started(): Session {
    if (this.#state === "started" && this.#session !== undefined) return this.#session;
    const message = this.#state === "idle" ? "channel is not started" : `channel is ${this.#state}`;
    throw new NotStartedError(message);
  }
}
