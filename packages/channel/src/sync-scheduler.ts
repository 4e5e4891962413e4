import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import type { ChannelCore } from "./core-port.js";
import type { EnvelopePublisher } from "./envelope-publisher.js";
import type { RepairPlugin } from "./repair-port.js";
import type { TimedPartComponents } from "./timed-part.js";

const SYNC = "sync";
const REPAIR = "repair";

/** What a {@link SyncScheduler} uses. */
export interface SyncSchedulerComponents extends TimedPartComponents {
  readonly core: Pick<ChannelCore, "sync">;
  readonly publisher: EnvelopePublisher;
  /** SDS-Repair, when the channel has it: its due requests and responses. */
  readonly repair: Pick<RepairPlugin, "due" | "nextDueAt" | "hasDueRequests"> | undefined;
  /**
   * Whether a sync may be built now: not while a message of ours was never published (a sync would name it
   * before the store has it); the sync then waits `syncMinDelayMs`.
   */
  readonly mayName: () => boolean;
  /**
   * Whether every member must name what it has in its own sync (a channel with a roster): another's sync
   * then does not stand in for ours, since each member's own causal history is how the senders learn that
   * it has their messages (`delivered-to-all`). Absent: never.
   */
  readonly everyoneNames?: () => boolean;
}

/** Options of a {@link SyncScheduler} (resolved by the channel). */
export interface SyncSchedulerInit {
  /** Mean interval of sync messages (ms). */
  readonly syncIntervalMs: number;
  /** Soonest sync after start or a delivery (ms). */
  readonly syncMinDelayMs: number;
}

/**
 * Sync messages and SDS-Repair timing. A sync goes out soon after start and after deliveries (so that
 * acknowledgements spread), then every `syncIntervalMs` × [0.5, 1.5]. Suppression: another participant's
 * sync postpones ours once its causal history names everything we delivered since our last sync (so
 * someone has acknowledged it), and the random delays make it likely one participant syncs for many.
 * Due repair requests bring the sync forward; due repair responses are rebroadcast when they fall due.
 */
export class SyncScheduler {
  readonly #ctx: SyncSchedulerComponents;
  readonly #init: SyncSchedulerInit;
  /** Ids delivered since our last sync that no other participant's sync has named since, with senders. */
  readonly #toAcknowledge = new Map<MessageId, ParticipantId>();

  constructor(components: SyncSchedulerComponents, init: SyncSchedulerInit) {
    this.#ctx = components;
    this.#init = init;
  }

  /** Arms the first sync and the repair timer. */
  start(): void {
    this.#soon();
    this.armRepair();
  }

  /** Messages were delivered: make sure a sync acknowledges them soon. */
  delivered(messages: readonly { readonly messageId: MessageId; readonly senderId: ParticipantId }[]): void {
    for (const { messageId, senderId } of messages) this.#toAcknowledge.set(messageId, senderId);
    this.#soon();
  }

  /**
   * Another participant's sync arrived with this causal history: ours is postponed when that history
   * acknowledged everything we had to (a sender naming its own message acknowledges nothing), unless
   * repair requests are due.
   */
  remoteSync(from: ParticipantId, history: readonly HistoryEntry[]): void {
    const ctx = this.#ctx;
    for (const { messageId } of history) {
      if (this.#ctx.everyoneNames?.() === true) break;
      if (this.#toAcknowledge.get(messageId) !== from) this.#toAcknowledge.delete(messageId);
    }
    if (this.#toAcknowledge.size > 0) return;
    if (ctx.repair?.hasDueRequests(ctx.clock.now()) === true) return;
    this.#schedule(ctx.clock.now() + this.#init.syncIntervalMs * (0.5 + ctx.random.next()));
  }

  /**
   * Re-arms the repair timer at the plug-in's next due time; right after a repair run, a time that is
   * still not in the future waits `syncMinDelayMs` so that a plug-in that stays due cannot spin the clock.
   */
  armRepair(afterRun = false): void {
    const ctx = this.#ctx;
    const at = ctx.repair?.nextDueAt();
    const now = ctx.clock.now();
    if (at === undefined) ctx.timers.cancel(REPAIR);
    else {
      const when = afterRun && at <= now ? now + this.#init.syncMinDelayMs : Math.max(at, now);
      ctx.timers.scheduleAt(REPAIR, when, () => void this.#repair());
    }
  }

  #soon(): void {
    const ctx = this.#ctx;
    const at = ctx.clock.now() + this.#init.syncMinDelayMs * (1 + ctx.random.next());
    ctx.timers.scheduleNoLaterThan(SYNC, at, () => void this.#sync());
  }

  #schedule(at: number): void {
    this.#ctx.timers.scheduleAt(SYNC, at, () => void this.#sync());
  }

  async #sync(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.signal.aborted) return;
    if (!this.#ctx.mayName()) {
      this.#schedule(ctx.clock.now() + this.#init.syncMinDelayMs);
      return;
    }
    this.#schedule(ctx.clock.now() + this.#init.syncIntervalMs * (0.5 + ctx.random.next()));
    this.#toAcknowledge.clear();
    const maxBytes = ctx.publisher.envelopeLimit();
    const now = ctx.clock.now();
    const { bytes } = ctx.core.sync(maxBytes === undefined ? { now } : { now, maxBytes });
    await this.#publish(bytes, "sync");
  }

  async #repair(): Promise<void> {
    const ctx = this.#ctx;
    const repair = ctx.repair;
    if (ctx.signal.aborted || repair === undefined) return;
    const now = ctx.clock.now();
    const responses = repair.due(now);
    if (repair.hasDueRequests(now)) await this.#sync();
    for (const bytes of responses) await this.#publish(bytes, "repair");
    if (!ctx.signal.aborted) this.armRepair(true);
  }

  async #publish(bytes: Uint8Array, kind: "sync" | "repair"): Promise<void> {
    try {
      await this.#ctx.publisher.publish(bytes, kind);
    } catch (error) {
      if (!this.#ctx.signal.aborted)
        this.#ctx.logger.debug(`${kind} publish failed`, { error: String(error) });
    }
  }
}
