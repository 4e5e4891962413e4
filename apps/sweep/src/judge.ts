import type { IrretrievableEvent, MessageId } from "@reliable-channel/interfaces";
import { DEFAULT_CACHE_TTL_MS } from "@reliable-channel/sds-repair";
import type { MemoryNetwork } from "@reliable-channel/transport-memory";
import type { Participant } from "./participant.js";
import { inStore, type WireMessage } from "./wire.js";

/** What {@link judgeIrretrievable} looks at, at the moment the event fires. */
export interface JudgeContext {
  readonly network: MemoryNetwork;
  readonly wire: ReadonlyMap<MessageId, WireMessage>;
  readonly participants: readonly Participant[];
  readonly repair: boolean;
  /** A message's label for the printout (`u0#12`). */
  label(id: MessageId): string;
}

/**
 * Judges an `irretrievable` event of `at` (at run time `now`) when it fires: each id must be absent at that
 * participant (its bytes never reached it before this millisecond, and it is not its own) and not
 * retrievable — not in the network's store (within retention), and, with SDS-R on, held by no other
 * participant whose channel is started and online and whose current session logged it within the SDS-R
 * cache lifetime. One line per broken promise.
 */
export function judgeIrretrievable(
  ctx: JudgeContext,
  at: Participant,
  event: IrretrievableEvent,
  now: number,
): string[] {
  const problems: string[] = [];
  const says = (id: MessageId, why: string) =>
    problems.push(`${at.id} declared ${ctx.label(id)} irretrievable (${event.reason}) at ${now} ms ${why}`);
  for (const id of event.messageIds) {
    const wire = ctx.wire.get(id);
    if (wire?.senderId === at.id) says(id, "though it is its own message");
    const heldAt = at.held.get(id);
    if (heldAt !== undefined && heldAt < now) says(id, `though its bytes reached it at ${heldAt} ms`);
    if (inStore(ctx.network, wire))
      says(id, `while the store held it (retention ${ctx.network.store.retentionMs} ms)`);
    if (!ctx.repair) continue;
    const holders = ctx.participants.filter(
      (p) =>
        p !== at &&
        p.started &&
        !ctx.network.isOffline(p.id) &&
        now - (p.logged.get(id) ?? Number.NEGATIVE_INFINITY) < DEFAULT_CACHE_TTL_MS,
    );
    if (holders.length > 0) says(id, `while ${holders.map((p) => p.id).join(", ")} held it (SDS-R on)`);
  }
  return problems;
}
