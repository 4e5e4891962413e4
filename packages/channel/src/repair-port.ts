import { InvalidArgumentError, type MessageId, type ParticipantId } from "@reliable-channel/interfaces";
import type { SdsExtension } from "@reliable-channel/sds";

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
  /**
   * Whether the plug-in is still trying to obtain `messageId`: it has requests for it to make, or the
   * answers to its last request may still come. The channel does not give up such a message. Absent:
   * taken as `false`.
   */
  isRepairing?(messageId: MessageId, now: number): boolean;
  /**
   * Messages every member of the roster has (`delivered-to-all`): nobody will ask for them, so a cache of
   * originals kept for answers may drop them. Absent: nothing is dropped.
   */
  forget?(messageIds: readonly MessageId[]): void;
  /** The number of participants of the channel (the response group size derives from it). */
  setParticipantCount(count: number): void;
}

/**
 * A repair plug-in as the channel runs it: an SDS core extension that the channel also drives as a
 * {@link RepairPlugin}.
 */
export interface ChannelRepair extends SdsExtension, RepairPlugin {
  /** The participant the plug-in was created for, when it says (a channel refuses one created for another). */
  readonly participantId?: ParticipantId;
}

/** What the channel creates its repair plug-in with. */
export interface RepairComponents {
  /** The channel's participant id: the plug-in acts for it. */
  readonly participantId: ParticipantId;
}

/**
 * What the `repair` option of `createReliableChannel` takes: a factory the channel calls once, when it is
 * created, with everything the plug-in needs. `sdsRepair({ tMinMs, tMaxMs })` from
 * `@reliable-channel/sds-repair` returns one; the channel itself does not depend on that package.
 */
export type RepairFactory = (components: RepairComponents) => ChannelRepair;

/**
 * The channel's repair plug-in from its `repair` option: a factory is called once with the channel's
 * participant id; a plug-in created already (e.g. `sdsRepair({ participantId })`) is used as it is, once it
 * is known to act for this participant.
 * @throws InvalidArgumentError when the plug-in was created for another participant, or the option is neither
 */
export function channelRepair(
  repair: RepairFactory | ChannelRepair | undefined,
  participantId: ParticipantId,
): ChannelRepair | undefined {
  if (repair === undefined) return undefined;
  if (typeof repair === "function") return repair({ participantId });
  if (typeof repair !== "object" || repair === null || typeof repair.due !== "function")
    throw new InvalidArgumentError("repair must be a plug-in factory such as sdsRepair(), or a plug-in");
  if (repair.participantId !== undefined && repair.participantId !== participantId)
    throw new InvalidArgumentError(
      `repair: the plug-in was created for participant "${repair.participantId}", the channel is "${participantId}"`,
    );
  return repair;
}
