import type { ReliableChannel } from "@reliable-channel/channel";
import type { ParticipantId } from "@reliable-channel/interfaces";
import type { DemoEvent } from "../metrics/demo-event.js";

/**
 * Translates one channel's events into {@link DemoEvent}s for the recorder; returns a function that stops
 * listening. Duplicates and repairs are not channel events: the wire tap records those.
 */
export function bridgeChannelEvents(
  channel: ReliableChannel,
  participant: ParticipantId,
  now: () => number,
  record: (event: DemoEvent) => void,
): () => void {
  const offs = [
    channel.on("message-received", ({ messageId, senderId }) =>
      record({ kind: "delivered", at: now(), participant, messageId, sender: senderId }),
    ),
    channel.on("acknowledged", ({ messageId }) =>
      record({ kind: "acknowledged", at: now(), participant, messageId }),
    ),
    channel.on("delivered-to-all", ({ messageId }) =>
      record({ kind: "delivered-to-all", at: now(), participant, messageId }),
    ),
    channel.on("retrieved", ({ messageId }) =>
      record({ kind: "retrieved", at: now(), participant, messageId }),
    ),
    channel.on("send-failed", ({ messageId }) =>
      record({ kind: "send-failed", at: now(), participant, messageId }),
    ),
    channel.on("irretrievable", ({ messageIds }) => {
      for (const messageId of messageIds)
        record({ kind: "irretrievable", at: now(), participant, messageId });
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
