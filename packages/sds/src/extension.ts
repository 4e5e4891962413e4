import type { HistoryEntry, MessageId, SdsMessage } from "@reliable-channel/interfaces";

/**
 * A plug-in of the SDS core (SDS-Repair is one). The core calls these hooks synchronously, inside the
 * call that caused them, in the order listed; a hook must not call back into the core. Every hook is
 * optional. The core knows nothing else of repair.
 */
export interface SdsExtension {
  /** Entries to put in `repair_request` of the message being built (content or sync). */
  outgoingRepairRequests?(ctx: {
    readonly now: number;
    readonly maxEntries: number;
  }): readonly HistoryEntry[];
  /** Every decoded message of this channel, before dedupe (so repeats and own echoes are seen too). */
  onIncoming?(
    message: SdsMessage,
    ctx: { readonly now: number; readonly bytes: Uint8Array; readonly duplicate: boolean },
  ): void;
  /** Dependencies newly found missing (with hints and sender ids). */
  onMissing?(entries: readonly HistoryEntry[], ctx: { readonly now: number }): void;
  /** A message entered the local log: delivered from someone, or sent by us (bytes = encoded message). */
  onLogged?(
    message: SdsMessage,
    ctx: { readonly now: number; readonly bytes: Uint8Array; readonly own: boolean },
  ): void;
  /** Ids of messages that no longer need repair (delivered or declared lost). */
  onResolved?(ids: readonly MessageId[], ctx: { readonly now: number }): void;
}
