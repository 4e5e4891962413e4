import type {
  AcknowledgedEvent,
  DeliveredToAllEvent,
  DeliveryState,
  MessageId,
  PossiblyAcknowledgedEvent,
  SendFailedEvent,
} from "@reliable-channel/interfaces";
import type { SentDelivery, SentMessage } from "./view-types.js";

/** What the channel said about a message of ours, without its payload. */
export type SendProgress = Omit<SentMessage, "messageId" | "payload">;

/** Where a message stands before the channel said anything about it. */
export const INITIAL_PROGRESS: SendProgress = { state: "sending", attempts: 0, possiblyAcknowledged: 0 };

/** A change the channel reported about one of our messages. */
export type SendUpdate =
  | { readonly type: "sending"; readonly attempt: number }
  | { readonly type: "sent" }
  | { readonly type: "possibly-acknowledged"; readonly event: PossiblyAcknowledgedEvent }
  | { readonly type: "acknowledged"; readonly event: AcknowledgedEvent }
  | { readonly type: "acknowledged-after-failure"; readonly event: AcknowledgedEvent }
  | { readonly type: "send-failed"; readonly event: SendFailedEvent }
  | { readonly type: "delivery-state"; readonly state: DeliveryState }
  | { readonly type: "delivered-to-all"; readonly event: DeliveredToAllEvent };

const ended = (p: SendProgress): boolean => p.state === "acknowledged" || p.state === "failed";

/**
 * `progress` after `update`: ends are final, a retry never takes `sent` back to `sending`. An update that
 * changes nothing returns `progress` itself, so the view neither notifies nor re-renders for it.
 */
export function applySendUpdate(progress: SendProgress, update: SendUpdate): SendProgress {
  switch (update.type) {
    case "sending":
      // A segmented message says `sending` once per segment: an attempt already counted changes nothing.
      return update.attempt <= progress.attempts ? progress : { ...progress, attempts: update.attempt };
    case "sent":
      return progress.state === "sending" ? { ...progress, state: "sent" } : progress;
    case "possibly-acknowledged":
      return update.event.count === progress.possiblyAcknowledged
        ? progress
        : { ...progress, possiblyAcknowledged: update.event.count };
    case "acknowledged":
      return ended(progress) ? progress : withBy({ ...progress, state: "acknowledged" }, update.event.by);
    case "acknowledged-after-failure":
      return withBy(progress, update.event.by);
    case "send-failed":
      return ended(progress) ? progress : { ...progress, state: "failed", failure: update.event.reason };
    case "delivery-state":
      return withDelivery(progress, sentDelivery(update.state));
    case "delivered-to-all": {
      const { epoch, members } = update.event;
      return withDelivery(progress, {
        epoch,
        members,
        knownBy: members,
        possiblyBy: [],
        deliveredToAll: true,
      });
    }
  }
}

/** The channel's `DeliveryState` as a {@link SentDelivery}. */
export function sentDelivery(state: DeliveryState): SentDelivery {
  const members = state.members.map((m) => m.participantId);
  const by = (which: string) => state.members.filter((m) => m.state === which).map((m) => m.participantId);
  const { epoch, deliveredToAll } = state;
  return { epoch, members, knownBy: by("known"), possiblyBy: by("possibly"), deliveredToAll };
}

/** `progress` with `delivery`, unless it says nothing new (then `progress` itself) or it was complete. */
function withDelivery(progress: SendProgress, delivery: SentDelivery): SendProgress {
  const current = progress.delivery;
  if (current?.deliveredToAll === true) return progress;
  return current !== undefined && sameDelivery(current, delivery) ? progress : { ...progress, delivery };
}

function sameDelivery(a: SentDelivery, b: SentDelivery): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    a.epoch === b.epoch &&
    a.deliveredToAll === b.deliveredToAll &&
    same(a.members, b.members) &&
    same(a.knownBy, b.knownBy) &&
    same(a.possiblyBy, b.possiblyBy)
  );
}

function withBy(progress: SendProgress, by: string | undefined): SendProgress {
  return by === undefined || by === progress.acknowledgedBy ? progress : { ...progress, acknowledgedBy: by };
}

/** The id an update is about. */
export type IdentifiedUpdate = { readonly messageId: MessageId; readonly update: SendUpdate };
