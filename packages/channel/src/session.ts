import type {
  ChannelStorage,
  MessageId,
  ReliableChannelEvents,
  StorageOp,
  StoredChannelState,
} from "@reliable-channel/interfaces";
import { CatchUp } from "./catch-up.js";
import { CommitQueue } from "./commit-queue.js";
import { committingCore } from "./committing-core.js";
import type { ChannelCore, CoreDelivered, CoreReceiveResult } from "./core-port.js";
import { randomBytes } from "./crypto-random.js";
import type { Emit } from "./emit.js";
import { type EnvelopePublisher, envelopePublisher } from "./envelope-publisher.js";
import type { MemberDelivery } from "./member-delivery.js";
import type { ReliableChannelComponents, ResolvedOptions } from "./options.js";
import { type BeforeDeliveryCommit, Receiver, type ReceiverSink } from "./receiver.js";
import type { RepairPlugin } from "./repair-port.js";
import { Retrieval } from "./retrieval.js";
import { Sender } from "./sender.js";
import { SyncScheduler } from "./sync-scheduler.js";
import { SyncStatusTracker } from "./sync-status.js";
import { TimerSet } from "./timer-set.js";
import { validatePayload } from "./validate-payload.js";

/** An SDS core restored from storage. */
export interface PersistentCore {
  readonly core: ChannelCore;
  /** Storage held no checkpoint of the core: a new participant. */
  readonly fresh: boolean;
}

/** Builds the SDS core of a session, restored from what storage loaded. */
export type CoreFactory = (stored: StoredChannelState) => PersistentCore;

/** Everything a session is opened with. */
export interface SessionInit {
  readonly components: ReliableChannelComponents;
  readonly options: ResolvedOptions;
  readonly createCore: CoreFactory;
  readonly repair: RepairPlugin | undefined;
  /** The channel's roster and delivery state (inert without a roster). */
  readonly delivery: MemberDelivery;
  readonly emit: Emit;
  /** A storage commit failed: the in-memory state is ahead of storage (the channel then recovers). */
  readonly onCommitError: (error: unknown) => void;
  /**
   * Awaited before each commit that marks messages delivered (the segmenting channel stores delivered
   * segments there first). @default none
   */
  readonly beforeDeliveryCommit?: BeforeDeliveryCommit;
}

/**
 * What the parts of one session share, each part taking only what it uses. `signal` aborts when the
 * session stops: every in-flight publish and retrieval is abandoned and no timer survives.
 */
interface SessionParts extends ReliableChannelComponents {
  readonly core: ChannelCore;
  readonly repair: RepairPlugin | undefined;
  readonly publisher: EnvelopePublisher;
  readonly timers: TimerSet;
  readonly queue: CommitQueue;
  readonly signal: AbortSignal;
  /** Emits once everything enqueued so far is committed, keeping events in commit order. */
  readonly emitAfterCommit: Emit;
  /** Emits at once. */
  readonly emit: Emit;
}

/**
 * One `start()`…`stop()` run of a channel: the storage handle, the core restored from it, and the sender,
 * receiver, retrieval and sync parts wired to each other, each given only the collaborators it uses.
 * `close()` leaves nothing running.
 */
export class Session {
  readonly #storage: ChannelStorage;
  readonly #ctx: SessionParts;
  readonly #options: ResolvedOptions;
  readonly #abort: AbortController;
  readonly #status: SyncStatusTracker;
  readonly #participants = new Set<string>();
  readonly sender: Sender;
  readonly #receiver: Receiver;
  readonly #retrieval: Retrieval;
  readonly #sync: SyncScheduler;
  readonly #catchUp: CatchUp;
  readonly #fresh: boolean;
  readonly #delivery: MemberDelivery;
  #unsubscribe: (() => void) | undefined;
  #unsubscribeConnectivity: (() => void) | undefined;
  #lastSnapshotAt = Number.NEGATIVE_INFINITY;

  constructor(init: SessionInit, storage: ChannelStorage, stored: StoredChannelState) {
    this.#storage = storage;
    this.#abort = new AbortController();
    const persistent = init.createCore(stored);
    this.#ctx = this.#parts(init, persistent.core);
    this.#status = new SyncStatusTracker(init.emit);
    this.#participants.add(init.components.participantId);
    this.#fresh = persistent.fresh;
    const online = (): boolean => this.#online();
    const ctx = this.#ctx;
    const options = init.options;
    this.#options = options;
    this.#delivery = init.delivery;
    this.sender = new Sender(
      { ...ctx, online, onBuilt: (message) => this.#delivery.sent(message) },
      { retry: options.retry, maxPayloadBytes: options.maxPayloadBytes },
    );
    this.#delivery.attach(ctx.emitAfterCommit, (ids) => {
      this.sender.deliveredToAll(ids);
      ctx.repair?.forget?.(ids);
    });
    this.#delivery.restore(stored.meta);
    this.#receiver = new Receiver({
      ...ctx,
      sink: this.#receiverSink(),
      beforeDeliveryCommit: init.beforeDeliveryCommit,
    });
    const catchUpInit = {
      catchUpMarginMs: options.catchUpMarginMs,
      history: options.history,
      backoff: options.retrieval.backoff,
      stored,
    };
    this.#catchUp = new CatchUp(ctx, catchUpInit, {
      receive: (bytes, hint) => this.#receiver.receiveRetrieved(bytes, hint),
      online,
      onStateChanged: () => {
        this.#retrieval.resume();
        this.#updateStatus();
      },
      missingMark: () => this.#retrieval.mark(),
      onCoveredSinceJoin: (mark) => this.#retrieval.fromBeforeJoin(mark),
    });
    this.#retrieval = new Retrieval(
      {
        ...ctx,
        receiver: this.#receiver,
        onCountsChanged: () => this.#updateStatus(),
        onNotFound: () => {
          if (this.#catchUp.storeCoversJoin(ctx.clock.now())) this.#catchUp.request();
        },
        online,
        mayGiveUp: () => !this.#catchUp.pending,
      },
      { retrieval: options.retrieval, catchUpMarginMs: options.catchUpMarginMs },
    );
    this.#sync = new SyncScheduler(
      {
        ...ctx,
        mayName: () => !this.sender.hasUnpublished,
        everyoneNames: () => this.#delivery.members !== undefined,
      },
      { syncIntervalMs: options.syncIntervalMs, syncMinDelayMs: options.syncMinDelayMs },
    );
    this.sender.restore(stored.outbox);
  }

  /**
   * Subscribes, starts the transport and arms the timers; then, when online, re-publishes the outbox and
   * catches up from the store (neither is awaited).
   */
  async open(): Promise<void> {
    const ctx = this.#ctx;
    // A new participant's join point is durable before anything can arrive: a restart after a crash must
    // not move it later (it would take what arrived in between for history from before the join).
    if (this.#fresh) await ctx.queue.enqueue([], { snapshot: true });
    this.#unsubscribe = ctx.transport.subscribe(this.#receiver.listener);
    await ctx.transport.start();
    this.#unsubscribeConnectivity = ctx.transport.connectivity?.onChange((online) => {
      if (online) this.#connected();
      else this.#disconnected();
    });
    this.#retrieval.reconcile();
    if (this.#online()) this.#connected();
    else this.#updateStatus();
  }

  /** Whether the transport can publish and receive now (taken as online when it does not say). */
  #online(): boolean {
    return !this.#abort.signal.aborted && (this.#ctx.transport.connectivity?.online ?? true);
  }

  /** Started or back online: the outbox goes out again in order, and the store is asked what was missed. */
  #connected(): void {
    if (this.#abort.signal.aborted) return;
    // On the next timer turn, so that listeners added once `start()` resolved hear the replay's events.
    const ctx = this.#ctx;
    const ids = this.sender.unacknowledged();
    ctx.timers.scheduleAt("replay", ctx.clock.now(), () => void this.sender.replay(ids));
    this.#catchUp.connected();
    this.#sync.start();
    this.#retrieval.resume();
    this.#updateStatus();
  }

  #disconnected(): void {
    this.#catchUp.disconnected();
    this.#updateStatus();
  }

  /** Validates and publishes an ephemeral message (never stored, acknowledged or retried). */
  async sendEphemeral(payload: Uint8Array): Promise<MessageId> {
    validatePayload(payload, this.#options.maxPayloadBytes);
    const ctx = this.#ctx;
    const { message, bytes } = ctx.core.ephemeral(payload, { nonce: randomBytes(ctx.random, 16) });
    await ctx.publisher.publish(bytes, "ephemeral");
    return message.messageId;
  }

  /** The current sync status. */
  get status(): ReliableChannelEvents["sync-status"] {
    return this.#status.current;
  }

  /** Stops everything: timers, in-flight publishes and retrievals, the subscription; then the storage. */
  async close(): Promise<void> {
    this.#abort.abort(new Error("channel stopped"));
    this.#delivery.detach();
    this.#unsubscribeConnectivity?.();
    this.#unsubscribeConnectivity = undefined;
    this.#ctx.timers.cancelAll();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    try {
      await this.#ctx.transport.stop();
    } finally {
      void this.#ctx.queue.enqueue([], { snapshot: true }).catch(() => {});
      await this.#ctx.queue.drain();
      this.#ctx.timers.cancelAll();
      await this.#storage.close();
    }
  }

  #parts(init: SessionInit, core: ChannelCore): SessionParts {
    const timers = new TimerSet(init.components.clock);
    const queue = new CommitQueue({
      storage: this.#storage,
      snapshot: (force) => this.#snapshot(force),
      onError: (error) => init.onCommitError(error),
    });
    const emitAfterCommit: Emit = (type, detail) => queue.afterPending(() => init.emit(type, detail));
    const publisher = envelopePublisher(
      { ...init.components, signal: this.#abort.signal },
      { encryptionOverheadBytes: init.options.encryptionOverheadBytes },
    );
    return {
      ...init.components,
      publisher,
      // The core's storage changes join the open batch as each operation returns them.
      core: committingCore(core, (ops) => void queue.enqueue(ops).catch(noop)),
      repair: init.repair,
      timers,
      queue,
      signal: this.#abort.signal,
      emit: init.emit,
      emitAfterCommit,
    };
  }

  #receiverSink(): ReceiverSink {
    return {
      processed: () => this.#sync.armRepair(),
      delivering: (delivered) => {
        for (const message of delivered) this.#sender(message.senderId);
      },
      received: (result) => this.#received(result),
      delivered: (delivered) => this.#delivered(delivered),
    };
  }

  /** What a receive found, handed to the parts concerned in this order. */
  #received(result: CoreReceiveResult): void {
    if (result.missing.length > 0) {
      this.#retrieval.missing(result.missing);
      this.#sync.armRepair();
    }
    if (result.lost !== undefined && result.lost.length > 0)
      this.#retrieval.declaredLost(result.lost, result.delivered);
    if (result.acknowledged.length > 0)
      this.sender.acknowledged(result.acknowledged, result.message?.senderId);
    if (result.possiblyAcknowledged.length > 0) this.sender.possiblyAcknowledged(result.possiblyAcknowledged);
    const message = result.message;
    if (message === undefined) return;
    if (result.outcome === "sync") this.#sync.remoteSync(message.senderId, message.causalHistory);
    this.#delivery.observe(message);
    this.#retrieval.learnHints(message.causalHistory);
    if (message.repairRequest.length > 0) this.#retrieval.learnHints(message.repairRequest);
  }

  #delivered(delivered: readonly CoreDelivered[]): void {
    if (delivered.length === 0) return;
    this.#retrieval.resolved(delivered.map((message) => message.messageId));
    this.#status.delivered(delivered.length);
    this.#sync.delivered(delivered);
    this.#sync.armRepair();
    this.#updateStatus();
  }

  /**
   * The core's checkpoint ops of a batch (the parts of its state that are not rows, each only when it
   * changed): always when forced (stop, a new participant's join point), else at most every
   * `snapshotIntervalMs`. Rows (log, delivered ids, buffered messages, outbox) come with the operation that
   * changed them, so a stale checkpoint after a crash loses bloom bits, never a delivery or a message.
   */
  #snapshot(force: boolean): readonly StorageOp[] {
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    if (!force && now - this.#lastSnapshotAt < this.#options.snapshotIntervalMs) return [];
    this.#lastSnapshotAt = now;
    return [...ctx.core.checkpoint(), ...this.#delivery.checkpoint()];
  }

  #sender(senderId: string): void {
    if (this.#participants.has(senderId)) return;
    this.#participants.add(senderId);
    this.#ctx.repair?.setParticipantCount(this.#participants.size);
  }

  #updateStatus(): void {
    const status = this.#status.compute({
      missing: this.#ctx.core.missing().length,
      lost: this.#retrieval.lost,
      online: this.#online(),
      catchingUp: this.#catchUp.pending,
      completeUpTo: this.#catchUp.completeUpTo,
    });
    this.#ctx.queue.afterPending(() => this.#status.publish(status));
  }
}

function noop(): void {}
