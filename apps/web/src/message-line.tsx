import type { ConversationEntry, SentMessage } from "@reliable-channel/react";

const decoder = new TextDecoder();

/** What a sent message's state reads as on the page; with a roster, who has seen it. */
function stateText(message: SentMessage): string {
  const delivery = message.delivery;
  if (delivery !== undefined && message.state !== "failed" && message.state !== "sending") {
    if (delivery.deliveredToAll) return "seen by everyone";
    if (delivery.knownBy.length > 0) return `seen by ${delivery.knownBy.join(", ")}`;
  }
  switch (message.state) {
    case "sending":
      return "sending…";
    case "sent":
      return message.possiblyAcknowledged > 0 ? "sent, probably seen" : "sent";
    case "acknowledged":
      return `seen by ${message.acknowledgedBy ?? "someone"}`;
    case "failed":
      return `failed (${message.failure ?? "unknown"})`;
  }
}

/** One line of the conversation; its data attributes are what the browser test reads. */
export function MessageLine({ entry }: { readonly entry: ConversationEntry }) {
  const text = decoder.decode(entry.message.payload);
  if (!entry.own) {
    const m = entry.message;
    return (
      <li className="message" data-id={m.messageId} data-sender={m.senderId} data-own="false">
        <span className="sender">{m.senderId}</span>
        <span className="text">{text}</span>
      </li>
    );
  }
  const m = entry.message;
  return (
    <li
      className={`message own ${m.state}`}
      data-id={m.messageId}
      data-own="true"
      data-state={m.state}
      data-acked-by={m.acknowledgedBy ?? ""}
      data-seen-by={m.delivery?.knownBy.join(",") ?? ""}
    >
      <span className="sender">me</span>
      <span className="text">{text}</span>
      <span className="state">{stateText(m)}</span>
    </li>
  );
}
