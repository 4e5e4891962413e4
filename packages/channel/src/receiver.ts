import type {
  HistoryEntry,
  IncomingMeta,
  MessageId,
  ParticipantId,
  SdsMessage,
} from "@reliable-channel/interfaces";
import { SignatureError } from "@reliable-channel/interfaces";
import type { CoreDelivered, CoreReceiveResult } from "./core-port.js";
import type { SessionContext } from "./session-context.js";

/** What the receiver tells the rest of the session about. */
export interface ReceiverHooks {
  readonly onAcknowledged: (ids: readonly MessageId[], by: ParticipantId | undefined) => void;
  readonly onPossiblyAcknowledged: (hits: CoreReceiveResult["possiblyAcknowledged"]) => void;
  readonly onMissing: (result: Pick<CoreReceiveResult, "missing">) => void;
  /** The core gave up dependencies (a cap was hit); `delivered` holds what this receive delivered. */
  readonly onLost: (lost: readonly HistoryEntry[], delivered: readonly CoreDelivered[]) => void;
  readonly onDelivered: (delivered: readonly CoreDelivered[]) => void;
  readonly onRemoteSync: (from: ParticipantId, history: readonly HistoryEntry[]) => void;
  readonly onSender: (senderId: ParticipantId) => void;
  /** Every decoded message's causal history and repair requests (to learn retrieval hints). */
  readonly onHistory: (entries: readonly HistoryEntry[]) => void;
  /** Any bytes were processed by the core (plug-ins may have new work, e.g. a repair response to send). */
  readonly onProcessed: () => void;
  /** Every decoded message of the channel, whatever became of it (for who-has-what). */
  readonly onMessage?: (message: SdsMessage) => void;
}

const STATE_CHANGING = new Set(["delivered", "buffered", "sync", "own-echo", "duplicate", "pre-join"]);

/**
 * The receiving side of a session: decrypts (a failure drops the bytes with a reason), hands the bytes to
 * the core, persists what changed and emits what the core found, in arrival order.
 */
export class Receiver {
  readonly #ctx: SessionContext;
  readonly #hooks: ReceiverHooks;
  #chain: Promise<void> = Promise.resolve();

  constructor(ctx: SessionContext, hooks: ReceiverHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
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
    void ctx.queue.enqueue([]).catch(noop);
    for (const message of delivered) {
      this.#hooks.onSender(message.senderId);
      ctx.emitAfterCommit("message-received", {
        messageId: message.messageId,
        senderId: message.senderId,
        lamportTimestamp: message.lamportTimestamp,
        payload: message.content,
        ...(message.retrievalHint === undefined ? {} : { retrievalHint: message.retrievalHint }),
        ...(message.history === true ? { history: true as const } : {}),
      });
    }
    // The session's bookkeeping (retrievals resolved, sync and status) waits until after the events, so
    // that the app hears of the messages first; a failed commit restarts the session, which rebuilds it.
    const onDelivered = this.#hooks.onDelivered;
    ctx.queue.afterPending(() => onDelivered(delivered));
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
    this.#hooks.onProcessed();
    if (result.outcome === "ephemeral") {
      this.#ephemeral(result.delivered);
      return result;
    }
    if (STATE_CHANGING.has(result.outcome)) void ctx.queue.enqueue([]).catch(noop);
    this.deliver(result.delivered);
    if (result.missing.length > 0) this.#hooks.onMissing(result);
    if (result.lost !== undefined && result.lost.length > 0)
      this.#hooks.onLost(result.lost, result.delivered);
    if (result.acknowledged.length > 0)
      this.#hooks.onAcknowledged(result.acknowledged, result.message?.senderId);
    if (result.possiblyAcknowledged.length > 0)
      this.#hooks.onPossiblyAcknowledged(result.possiblyAcknowledged);
    const message = result.message;
    if (result.outcome === "sync" && message !== undefined)
      this.#hooks.onRemoteSync(message.senderId, message.causalHistory);
    if (message !== undefined) {
      this.#hooks.onMessage?.(message);
      this.#hooks.onHistory(message.causalHistory);
      if (message.repairRequest.length > 0) this.#hooks.onHistory(message.repairRequest);
    }
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

function noop(): void {}
