import type {
  AcknowledgedEvent,
  MessageId,
  PossiblyAcknowledgedEvent,
  SendFailedEvent,
} from "@reliable-channel/interfaces";
import type { SentMessage } from "./view-types.js";

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
  | { readonly type: "send-failed"; readonly event: SendFailedEvent };

const ended = (p: SendProgress): boolean => p.state === "acknowledged" || p.state === "failed";

/** `progress` after `update`: ends are final, a retry never takes `sent` back to `sending`. */
export function applySendUpdate(progress: SendProgress, update: SendUpdate): SendProgress {
  switch (update.type) {
    case "sending":
      return { ...progress, attempts: Math.max(progress.attempts, update.attempt) };
    case "sent":
      return progress.state === "sending" ? { ...progress, state: "sent" } : progress;
    case "possibly-acknowledged":
      return { ...progress, possiblyAcknowledged: update.event.count };
    case "acknowledged":
      return ended(progress) ? progress : withBy({ ...progress, state: "acknowledged" }, update.event.by);
    case "acknowledged-after-failure":
      return withBy(progress, update.event.by);
    case "send-failed":
      return ended(progress) ? progress : { ...progress, state: "failed", failure: update.event.reason };
  }
}

function withBy(progress: SendProgress, by: string | undefined): SendProgress {
  return by === undefined ? progress : { ...progress, acknowledgedBy: by };
}

/** The id an update is about. */
export type IdentifiedUpdate = { readonly messageId: MessageId; readonly update: SendUpdate };
