import type { ChannelView, ConversationEntry } from "@reliable-channel/react";

/**
 * The page's conversation, kept in localStorage: the channel never delivers a message twice (its state is in
 * IndexedDB), so after a reload the old lines exist only here. localStorage is written synchronously in
 * the view's change listener, right after the channel's event, so a reload cannot fall between the channel's
 * commit and this write.
 */
export interface Transcript {
  load(): readonly ConversationEntry[];
  /** Saves the view's conversation after every change; returns a function that stops saving. */
  follow(view: ChannelView): () => void;
}

type Stored =
  | { own: false; id: string; from: string; lamport: string; text: string; history?: true }
  | {
      own: true;
      id: string;
      text: string;
      state: "sending" | "sent" | "acknowledged" | "failed";
      attempts: number;
      possibly: number;
      by?: string;
      failure?: "permanent-error" | "retries-exhausted" | "max-age";
    };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toStored(entry: ConversationEntry): Stored {
  const m = entry.message;
  if (!entry.own) {
    const r = entry.message;
    const base = {
      own: false as const,
      id: r.messageId,
      from: r.senderId,
      lamport: String(r.lamportTimestamp),
    };
    return { ...base, text: decoder.decode(r.payload), ...(r.history ? { history: true as const } : {}) };
  }
  const s = entry.message;
  return {
    own: true,
    id: m.messageId,
    text: decoder.decode(m.payload),
    state: s.state,
    attempts: s.attempts,
    possibly: s.possiblyAcknowledged,
    ...(s.acknowledgedBy === undefined ? {} : { by: s.acknowledgedBy }),
    ...(s.failure === undefined ? {} : { failure: s.failure }),
  };
}

function fromStored(s: Stored): ConversationEntry {
  if (!s.own) {
    const message = {
      messageId: s.id,
      senderId: s.from,
      lamportTimestamp: BigInt(s.lamport),
      payload: encoder.encode(s.text),
    };
    return { own: false, message: s.history ? { ...message, history: true } : message };
  }
  return {
    own: true,
    message: {
      messageId: s.id,
      payload: encoder.encode(s.text),
      state: s.state,
      attempts: s.attempts,
      possiblyAcknowledged: s.possibly,
      ...(s.by === undefined ? {} : { acknowledgedBy: s.by }),
      ...(s.failure === undefined ? {} : { failure: s.failure }),
    },
  };
}

/** The transcript of `me` in `room`, in `storage` (the page's localStorage). */
export function localTranscript(storage: globalThis.Storage, room: string, me: string): Transcript {
  const key = `reliable-chat:${room}:${me}:transcript`;
  return {
    load() {
      const text = storage.getItem(key);
      return text === null ? [] : (JSON.parse(text) as Stored[]).map(fromStored);
    },
    follow(view) {
      return view.subscribe(() => storage.setItem(key, JSON.stringify(view.conversation.map(toStored))));
    },
  };
}
