import type {
  DeliveryState,
  Encryption,
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
import { Roster } from "./roster.js";
import { StabilityWatermarkTracker } from "./stability-watermark.js";

/** What a channel's {@link MemberDelivery} is built with. */
export interface MemberDeliveryInit {
  readonly self: ParticipantId;
  readonly encryption: Encryption | undefined;
  /** The roster to start with (epoch 1), when the app gave one. */
  readonly members: readonly ParticipantId[] | undefined;
  readonly maxPending: number;
  readonly bloom: BloomCheck | undefined;
  /** The channel's emitter, used while no session is attached. */
  readonly emit: Emit;
}

/**
 * A channel's roster and what follows from it: per message of ours who has it, `delivered-to-all`, the
 * stability watermark, and the encryption told of every membership epoch. Lives as long as the channel
 * (across sessions); a session attaches its commit-ordered emitter and feeds it what it sends and receives.
 * Without a roster every call returns at once: no state, no events.
 */
export class MemberDelivery {
  readonly #roster: Roster;
  readonly #tracker: DeliveryTracker;
  readonly #watermark = new StabilityWatermarkTracker();
  readonly #encryption: Encryption | undefined;
  readonly #channelEmit: Emit;
  #emit: Emit;
  #onComplete: ((ids: readonly MessageId[]) => void) | undefined;
  #others: readonly ParticipantId[] = [];
  #notified: Promise<void> = Promise.resolve();
  /** Changed since the last checkpoint. */
  #dirty = false;
  /** A session of this channel object restored (or had nothing to restore) already. */
  #restored = false;

  constructor(init: MemberDeliveryInit) {
    this.#roster = new Roster(init.self);
    this.#tracker = new DeliveryTracker({
      self: init.self,
      maxPending: init.maxPending,
      ...(init.bloom === undefined ? {} : { bloom: init.bloom }),
    });
    this.#encryption = init.encryption;
    this.#channelEmit = init.emit;
    this.#emit = init.emit;
    if (init.members !== undefined) void this.setMembers(init.members).catch(() => {});
  }

  /** The current members, or `undefined` without a roster. */
  get members(): readonly ParticipantId[] | undefined {
    return this.#roster.active ? this.#roster.members : undefined;
  }

  /** The current membership epoch (0 without a roster). */
  get epoch(): number {
    return this.#roster.epoch;
  }

  /** The stability watermark, once any message of ours is stable. */
  get watermark(): StabilityWatermark | undefined {
    return this.#watermark.current;
  }

  /** Messages of ours whose delivery state is held now (for tests and the bound). */
  get tracked(): number {
    return this.#tracker.size;
  }

  /** Messages of others whose causal histories are held now. */
  get graphSize(): number {
    return this.#tracker.graphSize;
  }

  /** Resolves once the encryption heard of every change so far (rejects when the last one failed). */
  ready(): Promise<void> {
    return this.#notified;
  }

  /**
   * Applies a roster change now (so changes apply in call order), settles what it completes, and resolves
   * once the encryption heard of it. @throws InvalidArgumentError (synchronously) on a bad list.
   */
  setMembers(ids: readonly ParticipantId[]): Promise<void> {
    const change = this.#roster.apply(ids);
    this.#others = this.#roster.others();
    const encryption = this.#encryption;
    this.#notified = this.#notified.catch(() => {}).then(() => encryption?.onMembershipChange?.(change));
    this.#dirty = true;
    this.#settle(this.#tracker.recheck(this.#isMember));
    return this.#notified;
  }

  /**
   * Events go through `emit` (a session's, in commit order) until {@link MemberDelivery.detach};
   * `onComplete` hears of our messages that every member has, before their `delivered-to-all` (the
   * session drops any still in its outbox).
   */
  attach(emit: Emit, onComplete?: (ids: readonly MessageId[]) => void): void {
    this.#emit = emit;
    this.#onComplete = onComplete;
  }

  /** Back to the channel's emitter (the session stopped). */
  detach(): void {
    this.#emit = this.#channelEmit;
    this.#onComplete = undefined;
  }

  /**
   * Restores our pending messages and the watermark a previous process stored (once per channel object,
   * at its first session, when nothing is tracked yet).
   */
  restore(meta: Readonly<Record<string, Uint8Array>>): void {
    if (this.#restored) return;
    this.#restored = true;
    const bytes = meta[DELIVERY_STATE_KEY];
    if (!this.#roster.active || bytes === undefined || this.#tracker.size > 0) return;
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

  /** A message of ours was built (before it is stored or published). */
  sent(message: SdsMessage): void {
    if (!this.#roster.active) return;
    this.#dirty = true;
    const result = this.#tracker.sent(message, this.#roster.epoch, this.#others);
    if (result.evicted) this.#watermark.block();
    this.#settle(result.done);
  }

  /**
   * A message was received and decoded (any outcome): what its sender has. Emits `delivery-state` for each
   * message of ours whose state it changed, then `delivered-to-all` for those it completed.
   */
  observe(message: SdsMessage): void {
    if (!this.#roster.active) return;
    this.#dirty = true;
    const done = this.#tracker.observe(message, this.#isMember);
    for (const own of this.#tracker.takeChanged()) {
      const state = this.state(own.messageId);
      if (state !== undefined) this.#emit("delivery-state", state);
    }
    this.#settle(done);
  }

  /** Who has our message `id`; `undefined` when it is not tracked (not ours, or already stable). */
  state(id: MessageId): DeliveryState | undefined {
    const own = this.#tracker.get(id);
    if (own === undefined) return undefined;
    const members = this.#expectedNow(own).map((participantId) => ({
      participantId,
      state: stateOf(own, participantId),
    }));
    return { messageId: id, epoch: own.epoch, deliveredToAll: own.done, members };
  }

  readonly #isMember = (id: ParticipantId): boolean => this.#roster.has(id);

  #expectedNow(own: OwnDelivery): ParticipantId[] {
    return own.expected.filter(this.#isMember);
  }

  #settle(done: readonly OwnDelivery[]): void {
    if (done.length === 0) return;
    this.#onComplete?.(done.map((own) => own.messageId));
    const emit = this.#emit;
    for (const own of done) {
      emit("delivered-to-all", {
        messageId: own.messageId,
        members: this.#expectedNow(own),
        epoch: own.epoch,
      });
    }
    const moved = this.#watermark.advance(this.#tracker);
    if (moved !== undefined) emit("stability-watermark", moved);
  }
}

function stateOf(own: OwnDelivery, id: ParticipantId): MemberDeliveryValue {
  if (own.known.has(id)) return "known";
  return own.possibly.has(id) ? "possibly" : "unknown";
}
