import type {
  Clock,
  Encryption,
  IncomingMeta,
  Logger,
  MessageReceivedEvent,
  ParticipantId,
} from "@reliable-channel/interfaces";
import { SignatureError } from "@reliable-channel/interfaces";
import type { CommitQueue } from "./commit-queue.js";
import type { ChannelCore, CoreDelivered, CoreReceiveResult } from "./core-port.js";
import type { Emit } from "./emit.js";

/**
 * What the receiver tells the rest of the session, at four moments of a receive (one sink, so that the
 * order the session relies on is visible in one place).
 */
export interface ReceiverSink {
  /**
   * The core processed incoming bytes (any outcome but `invalid` and `wrong-channel`, ephemeral ones too):
   * plug-ins may have new work, e.g. a repair response to send. Called before anything else of the receive.
   */
  processed(): void;
  /**
   * Messages are about to be announced as delivered (on receive, sweep or release), before their
   * `message-received` events are queued.
   */
  delivering(delivered: readonly CoreDelivered[]): void;
  /**
   * What a receive of a (non-ephemeral) message found, once its deliveries are announced: missing and
   * lost dependencies, acknowledgements, the message itself (a sync, its causal history, repair requests).
   */
  received(result: CoreReceiveResult): void;
  /** Announced deliveries are committed and their events emitted: the session's bookkeeping follows. */
  delivered(delivered: readonly CoreDelivered[]): void;
}

/**
 * Awaited with the `message-received` payloads of messages the core just delivered, before the commit that
 * marks them delivered: what must survive with them (the segmenting channel's copy of a delivered segment)
 * is made durable first, so that a crash between the two loses nothing. A rejection fails that commit (the
 * channel then restarts from storage and the messages are received again), so it must be idempotent.
 */
export type BeforeDeliveryCommit = (messages: readonly MessageReceivedEvent[]) => Promise<void>;

/** What a {@link Receiver} uses. */
export interface ReceiverComponents {
  readonly participantId: ParticipantId;
  readonly core: Pick<ChannelCore, "receive">;
  readonly encryption: Encryption | undefined;
  readonly queue: Pick<CommitQueue, "enqueue" | "afterPending">;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Aborts when the session stops: bytes that arrive after are ignored. */
  readonly signal: AbortSignal;
  /** Emits at once (`ephemeral-received`, `message-dropped`). */
  readonly emit: Emit;
  /** Emits once everything enqueued so far is committed (`message-received`). */
  readonly emitAfterCommit: Emit;
  readonly sink: ReceiverSink;
  /** Awaited before the commit of each delivery (see {@link BeforeDeliveryCommit}). @default none */
  readonly beforeDeliveryCommit?: BeforeDeliveryCommit | undefined;
}

const STATE_CHANGING = new Set(["delivered", "buffered", "sync", "own-echo", "duplicate", "pre-join"]);

/**
 * The receiving side of a session: decrypts (a failure drops the bytes with a reason), hands the bytes to
 * the core, persists what changed and emits what the core found, in arrival order.
 */
export class Receiver {
  readonly #ctx: ReceiverComponents;
  #chain: Promise<void> = Promise.resolve();

  constructor(components: ReceiverComponents) {
    this.#ctx = components;
  }

  /** The transport listener: never throws, whatever the bytes. */
  readonly listener = (bytes: Uint8Array, meta: IncomingMeta): void => {
    if (this.#ctx.signal.aborted) return;
    if (this.#ctx.encryption === undefined) {
      this.#receive(bytes, meta.retrievalHint);
      return;
    }
    this.#chain = this.#chain.then(() => this.#decryptAndReceive(bytes, meta.retrievalHint)).then(noop);
  };

  /** Receives a payload fetched from the store; resolves with the core's outcome (undefined if dropped). */
  async receiveRetrieved(bytes: Uint8Array, hint: Uint8Array): Promise<CoreReceiveResult | undefined> {
    if (this.#ctx.encryption === undefined) return this.#receive(bytes, hint);
    const done = this.#chain.then(() => this.#decryptAndReceive(bytes, hint));
    this.#chain = done.then(noop);
    return done;
  }

  /**
   * Announces messages the core delivered (on receive, sweep or release) once the batch holding the
   * core's changes (their log rows and delivered ids) is committed. The core delivers each id once.
   */
  deliver(delivered: readonly CoreDelivered[]): void {
    if (delivered.length === 0) return;
    const ctx = this.#ctx;
    const events = delivered.map(receivedEvent);
    const before = ctx.beforeDeliveryCommit;
    // The same batch as the core's changes that mark them delivered (made in this turn).
    void ctx.queue.enqueue([], before === undefined ? {} : { before: () => before(events) }).catch(noop);
    ctx.sink.delivering(delivered);
    for (const event of events) ctx.emitAfterCommit("message-received", event);
    // The session's bookkeeping (retrievals resolved, sync and status) waits until after the events, so
    // that the app hears of the messages first; a failed commit restarts the session, which rebuilds it.
    const sink = ctx.sink;
    ctx.queue.afterPending(() => sink.delivered(delivered));
  }

  async #decryptAndReceive(
    bytes: Uint8Array,
    hint: Uint8Array | undefined,
  ): Promise<CoreReceiveResult | undefined> {
    const ctx = this.#ctx;
    let plain: Uint8Array;
    try {
      plain = await (ctx.encryption?.decrypt(bytes) ?? bytes);
    } catch (error) {
      if (!ctx.signal.aborted) {
        const reason = error instanceof SignatureError ? "unauthenticated" : "decrypt-failed";
        this.#drop(reason, error instanceof Error ? error.message : String(error), error);
      }
      return undefined;
    }
    if (ctx.signal.aborted) return undefined;
    return this.#receive(plain, hint);
  }

  #receive(bytes: Uint8Array, hint: Uint8Array | undefined): CoreReceiveResult | undefined {
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    const result = ctx.core.receive(bytes, hint === undefined ? { now } : { now, retrievalHint: hint });
    if (result.outcome === "wrong-channel") {
      // Another channel on the same content topic: normal when channels share a topic, so no event.
      ctx.logger.debug("ignored another channel's message", { channelId: result.reason });
      return result;
    }
    if (result.outcome === "invalid") {
      this.#drop(result.outcome, result.reason ?? result.outcome, undefined);
      return result;
    }
    ctx.sink.processed();
    if (result.outcome === "ephemeral") {
      this.#ephemeral(result.delivered);
      return result;
    }
    if (STATE_CHANGING.has(result.outcome)) void ctx.queue.enqueue([]).catch(noop);
    this.deliver(result.delivered);
    ctx.sink.received(result);
    return result;
  }

  #ephemeral(delivered: readonly CoreDelivered[]): void {
    for (const message of delivered) {
      if (message.senderId === this.#ctx.participantId) continue;
      this.#ctx.emit("ephemeral-received", {
        messageId: message.messageId,
        senderId: message.senderId,
        payload: message.content,
      });
    }
  }

  #drop(reason: "decrypt-failed" | "unauthenticated" | "invalid", detail: string, error: unknown): void {
    this.#ctx.logger.debug("dropped incoming bytes", { reason, detail });
    this.#ctx.emit("message-dropped", error === undefined ? { reason, detail } : { reason, detail, error });
  }
}

function receivedEvent(message: CoreDelivered): MessageReceivedEvent {
  return {
    messageId: message.messageId,
    senderId: message.senderId,
    lamportTimestamp: message.lamportTimestamp,
    payload: message.content,
    ...(message.retrievalHint === undefined ? {} : { retrievalHint: message.retrievalHint }),
    ...(message.history === true ? { history: true as const } : {}),
  };
}

function noop(): void {}
