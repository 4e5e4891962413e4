import type {
  DeliveryState,
  MemberDelivery as MemberDeliveryValue,
  MessageId,
  ParticipantId,
  SdsMessage,
  StabilityWatermark,
  StorageOp,
} from "@reliable-channel/interfaces";
import type { BloomCheck } from "./bloom-check.js";
import { DeliveryTracker, type OwnDelivery } from "./delivery-state.js";
import { DELIVERY_STATE_KEY, decodeDeliveryState, encodeDeliveryState } from "./delivery-state-codec.js";
import type { Emit } from "./emit.js";
import { StabilityWatermarkTracker } from "./stability-watermark.js";

/** Whether a participant is a current member of the roster. */
export type IsMember = (id: ParticipantId) => boolean;

/** What a {@link DeliveryCore} is built with. */
export interface DeliveryCoreInit {
  readonly self: ParticipantId;
  readonly maxPending: number;
  readonly bloom: BloomCheck | undefined;
  /** Emits through the emitter attached now (a session's, or the channel's). */
  readonly emit: Emit;
  /** Hears of our messages that every member has, before their `delivered-to-all`. */
  readonly onComplete: (ids: readonly MessageId[]) => void;
}

/**
 * The delivery state of a channel with a roster: per message of ours who has it, `delivered-to-all` and the
 * stability watermark. Loaded on demand by `MemberDelivery` once the app gives a roster (a channel without
 * one never loads it); the roster itself stays with `MemberDelivery`, which passes who counts to each call.
 */
export class DeliveryCore {
  readonly #tracker: DeliveryTracker;
  readonly #watermark = new StabilityWatermarkTracker();
  readonly #emit: Emit;
  readonly #onComplete: (ids: readonly MessageId[]) => void;
  /** Changed since the last checkpoint. */
  #dirty = false;

  constructor(init: DeliveryCoreInit) {
    this.#tracker = new DeliveryTracker({
      self: init.self,
      maxPending: init.maxPending,
      ...(init.bloom === undefined ? {} : { bloom: init.bloom }),
    });
    this.#emit = init.emit;
    this.#onComplete = init.onComplete;
  }

  /** The stability watermark, once any message of ours is stable. */
  get watermark(): StabilityWatermark | undefined {
    return this.#watermark.current;
  }

  /** Messages of ours whose delivery state is held now. */
  get tracked(): number {
    return this.#tracker.size;
  }

  /** Messages of others whose causal histories are held now. */
  get graphSize(): number {
    return this.#tracker.graphSize;
  }

  /** After a roster change: settles what it completes (a removed member stops counting). */
  rosterChanged(isMember: IsMember): void {
    this.#dirty = true;
    this.#settle(this.#tracker.recheck(isMember), isMember);
  }

  /** Restores our pending messages and the watermark a previous process stored (when nothing is tracked). */
  restore(meta: Readonly<Record<string, Uint8Array>>): void {
    const bytes = meta[DELIVERY_STATE_KEY];
    if (bytes === undefined || this.#tracker.size > 0) return;
    const stored = decodeDeliveryState(bytes);
    if (stored === undefined) return;
    this.#tracker.load(stored.own);
    this.#watermark.load(stored.watermark, stored.blocked);
  }

  /** The storage op of a checkpoint: the delivery state, when it changed since the last one. */
  checkpoint(): StorageOp[] {
    if (!this.#dirty) return [];
    this.#dirty = false;
    const value = encodeDeliveryState({
      own: this.#tracker.pending(),
      watermark: this.#watermark.current,
      blocked: this.#watermark.blocked,
    });
    return [{ type: "meta-put", key: DELIVERY_STATE_KEY, value }];
  }

  /** A message of ours was built in roster `epoch`, expected to reach `others`. */
  sent(message: SdsMessage, epoch: number, others: readonly ParticipantId[], isMember: IsMember): void {
    this.#dirty = true;
    const result = this.#tracker.sent(message, epoch, others);
    if (result.evicted) this.#watermark.block();
    this.#settle(result.done, isMember);
  }

  /**
   * A message was received and decoded (any outcome): what its sender has. Emits `delivery-state` for each
   * message of ours whose state it changed, then `delivered-to-all` for those it completed.
   */
  observe(message: SdsMessage, isMember: IsMember): void {
    this.#dirty = true;
    const done = this.#tracker.observe(message, isMember);
    for (const own of this.#tracker.takeChanged()) {
      const state = this.state(own.messageId, isMember);
      if (state !== undefined) this.#emit("delivery-state", state);
    }
    this.#settle(done, isMember);
  }

  /** Who has our message `id`; `undefined` when it is not tracked (not ours, or already stable). */
  state(id: MessageId, isMember: IsMember): DeliveryState | undefined {
    const own = this.#tracker.get(id);
    if (own === undefined) return undefined;
    const members = own.expected.filter(isMember).map((participantId) => ({
      participantId,
      state: stateOf(own, participantId),
    }));
    return { messageId: id, epoch: own.epoch, deliveredToAll: own.done, members };
  }

  #settle(done: readonly OwnDelivery[], isMember: IsMember): void {
    if (done.length === 0) return;
    this.#onComplete(done.map((own) => own.messageId));
    for (const own of done) {
      this.#emit("delivered-to-all", {
        messageId: own.messageId,
        members: own.expected.filter(isMember),
        epoch: own.epoch,
      });
    }
    const moved = this.#watermark.advance(this.#tracker);
    if (moved !== undefined) this.#emit("stability-watermark", moved);
  }
}

function stateOf(own: OwnDelivery, id: ParticipantId): MemberDeliveryValue {
  if (own.known.has(id)) return "known";
  return own.possibly.has(id) ? "possibly" : "unknown";
}
