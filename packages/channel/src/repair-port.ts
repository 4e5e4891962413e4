/**
 * The part of an SDS-Repair plug-in (`sdsRepair()` from `@reliable-channel/sds-repair`) the channel drives:
 * the plug-in is also given to the SDS core as an extension; the channel owns its timers.
 */
export interface RepairPlugin {
  /** Encoded original messages to rebroadcast now (repair responses). */
  due(now: number): readonly Uint8Array[];
  /** When (ms) the next repair request or response falls due. */
  nextDueAt(): number | undefined;
  /** Whether a sync message should be sent now to carry due repair requests. */
  hasDueRequests(now: number): boolean;
  /** The number of participants of the channel (the response group size derives from it). */
  setParticipantCount(count: number): void;
}
