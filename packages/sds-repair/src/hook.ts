// TEMPORARY: mirror of the SdsExtension hook from CONTRACTS.md until @reliable-channel/sds exports it.
import type { HistoryEntry, MessageId, SdsMessage } from "@reliable-channel/interfaces";

/** The core's extension hook (see @reliable-channel/sds). */
export interface SdsExtension {
  outgoingRepairRequests?(ctx: { now: number; maxEntries: number }): readonly HistoryEntry[];
  onIncoming?(message: SdsMessage, ctx: { now: number; bytes: Uint8Array; duplicate: boolean }): void;
  onMissing?(entries: readonly HistoryEntry[], ctx: { now: number }): void;
  onLogged?(message: SdsMessage, ctx: { now: number; bytes: Uint8Array; own: boolean }): void;
  onResolved?(ids: readonly MessageId[], ctx: { now: number }): void;
}
