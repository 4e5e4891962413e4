import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { envelopeLimit, publishEncoded, type SessionContext } from "./session-context.js";

const SYNC = "sync";
const REPAIR = "repair";

/**
 * Sync messages and SDS-Repair timing. A sync goes out soon after start and after deliveries (so that
 * acknowledgements spread), then every `syncIntervalMs` × [0.5, 1.5]. Suppression: another participant's
 * sync postpones ours once its causal history names everything we delivered since our last sync (so
 * someone has acknowledged it), and the random delays make it likely one participant syncs for many.
 * Due repair requests bring the sync forward; due repair responses are rebroadcast when they fall due.
 */
export class SyncScheduler {
  readonly #ctx: SessionContext;
  /** Ids delivered since our last sync that no other participant's sync has named since, with senders. */
  readonly #toAcknowledge = new Map<MessageId, ParticipantId>();
  readonly #mayName: () => boolean;
  readonly #everyoneNames: () => boolean;

  /**
   * `mayName` tells whether a sync may be built now: not while a message of ours was never published (a
   * sync would name it before the store has it); the sync then waits `syncMinDelayMs`. `everyoneNames`
   * (a channel with a roster): another's sync does not stand in for ours, since each member's own causal
   * history is how the senders learn that it has their messages (`delivered-to-all`).
   */
  constructor(ctx: SessionContext, mayName: () => boolean, everyoneNames: () => boolean = () => false) {
    this.#ctx = ctx;
    this.#mayName = mayName;
    this.#everyoneNames = everyoneNames;
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
      if (this.#everyoneNames()) break;
      if (this.#toAcknowledge.get(messageId) !== from) this.#toAcknowledge.delete(messageId);
    }
    if (this.#toAcknowledge.size > 0) return;
    if (ctx.repair?.hasDueRequests(ctx.clock.now()) === true) return;
    this.#schedule(ctx.clock.now() + ctx.options.syncIntervalMs * (0.5 + ctx.random.next()));
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
      const when = afterRun && at <= now ? now + ctx.options.syncMinDelayMs : Math.max(at, now);
      ctx.timers.scheduleAt(REPAIR, when, () => void this.#repair());
    }
  }

  #soon(): void {
    const ctx = this.#ctx;
    const at = ctx.clock.now() + ctx.options.syncMinDelayMs * (1 + ctx.random.next());
    ctx.timers.scheduleNoLaterThan(SYNC, at, () => void this.#sync());
  }

  #schedule(at: number): void {
    this.#ctx.timers.scheduleAt(SYNC, at, () => void this.#sync());
  }

  async #sync(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.signal.aborted) return;
    if (!this.#mayName()) {
      this.#schedule(ctx.clock.now() + ctx.options.syncMinDelayMs);
      return;
    }
    this.#schedule(ctx.clock.now() + ctx.options.syncIntervalMs * (0.5 + ctx.random.next()));
    this.#toAcknowledge.clear();
    const maxBytes = envelopeLimit(ctx);
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
      await publishEncoded(this.#ctx, bytes, kind);
    } catch (error) {
      if (!this.#ctx.signal.aborted)
        this.#ctx.logger.debug(`${kind} publish failed`, { error: String(error) });
    }
  }
}
