import type {
  DeliveryState,
  Encryption,
  MessageId,
  ParticipantId,
  SdsMessage,
  StabilityWatermark,
  StorageOp,
} from "@reliable-channel/interfaces";
import type { BloomCheck } from "./bloom-check.js";
import type { Emit } from "./emit.js";
import { DeliveryCore } from "./member-delivery-core.js";
import { Roster } from "./roster.js";

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
 * Without a roster every call returns at once: no state, no events. The first roster creates the delivery
 * tracking (`member-delivery-core.ts`), synchronously: `deliveryState` answers right after `setMembers`.
 */
export class MemberDelivery {
  readonly #roster: Roster;
  readonly #init: MemberDeliveryInit;
  #emit: Emit;
  #onComplete: ((ids: readonly MessageId[]) => void) | undefined;
  #others: readonly ParticipantId[] = [];
  #notified: Promise<void> = Promise.resolve();
  #core: DeliveryCore | undefined;
  /** A session of this channel object restored (or had nothing to restore) already. */
  #restored = false;

  constructor(init: MemberDeliveryInit) {
    this.#init = init;
    this.#roster = new Roster(init.self);
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
    return this.#core?.watermark;
  }

  /** Messages of ours whose delivery state is held now (for tests and the bound). */
  get tracked(): number {
    return this.#core?.tracked ?? 0;
  }

  /** Messages of others whose causal histories are held now. */
  get graphSize(): number {
    return this.#core?.graphSize ?? 0;
  }

  /** Resolves once the encryption heard of every roster change so far (rejects when the last one failed). */
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
    const encryption = this.#init.encryption;
    this.#coreOnce();
    this.#notified = this.#notified.catch(() => {}).then(() => encryption?.onMembershipChange?.(change));
    this.#with((core, isMember) => core.rosterChanged(isMember));
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
    this.#emit = this.#init.emit;
    this.#onComplete = undefined;
  }

  /**
   * Restores our pending messages and the watermark a previous process stored (once per channel object,
   * at its first session, when nothing is tracked yet).
   */
  restore(meta: Readonly<Record<string, Uint8Array>>): void {
    if (this.#restored) return;
    this.#restored = true;
    if (this.#roster.active) this.#with((core) => core.restore(meta));
  }

  /** The storage op of a checkpoint: the delivery state, when it changed since the last one. */
  checkpoint(): StorageOp[] {
    return this.#core?.checkpoint() ?? [];
  }

  /** A message of ours was built (before it is stored or published). */
  sent(message: SdsMessage): void {
    if (!this.#roster.active) return;
    const { epoch } = this.#roster;
    const others = this.#others;
    this.#with((core, isMember) => core.sent(message, epoch, others, isMember));
  }

  /** A message was received and decoded (any outcome): what its sender has. */
  observe(message: SdsMessage): void {
    if (this.#roster.active) this.#with((core, isMember) => core.observe(message, isMember));
  }

  /** Who has our message `id`; `undefined` when it is not tracked (not ours, or already stable). */
  state(id: MessageId): DeliveryState | undefined {
    return this.#core?.state(id, this.#isMember);
  }

  readonly #isMember = (id: ParticipantId): boolean => this.#roster.has(id);

  /** Runs `call` on the delivery tracking (there once a roster was set). */
  #with(call: (core: DeliveryCore, isMember: (id: ParticipantId) => boolean) => void): void {
    if (this.#core !== undefined) call(this.#core, this.#isMember);
  }

  #coreOnce(): void {
    this.#core ??= new DeliveryCore({
      self: this.#init.self,
      maxPending: this.#init.maxPending,
      bloom: this.#init.bloom,
      emit: (type, detail) => this.#emit(type, detail),
      onComplete: (ids) => this.#onComplete?.(ids),
    });
  }
}
