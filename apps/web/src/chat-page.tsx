import { createReliableChannel } from "@reliable-channel/channel";
import {
  useConversation,
  useReliableChannel,
  useSentMessages,
  useSyncStatus,
  watchChannel,
} from "@reliable-channel/react";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { indexedDbStorage } from "@reliable-channel/storage-indexeddb";
import { wakuTransport } from "@reliable-channel/transport-waku";
import type { LightNode } from "@waku/sdk";
import { type FormEvent, useState } from "react";
import { contentTopicOf, type Participant } from "./config.js";
import { MessageLine } from "./message-line.js";
import { StatusBar } from "./status-bar.js";
import type { Transcript } from "./transcript.js";
import { useOnline } from "./use-online.js";

/** What the page is given: who this tab is, its Waku node, where its transcript lives. */
export interface ChatPageProps {
  readonly participant: Participant;
  readonly node: LightNode;
  readonly transcript: Transcript;
}

/** One participant's chat: the conversation with each message's state, a status bar and a composer. */
export function ChatPage({ participant, node, transcript }: ChatPageProps) {
  const { me, room, members } = participant;
  const handle = useReliableChannel(async () => {
    const channel = await createReliableChannel({
      channelId: room,
      participantId: me,
      transport: wakuTransport({ node, contentTopic: contentTopicOf(room) }),
      storage: indexedDbStorage({ name: `reliable-chat-${me}` }),
      repair: sdsRepair(),
      autoStart: false,
      ...(members === undefined ? {} : { members }),
    });
    // The view is attached before the hook starts the channel, so the transcript misses nothing.
    transcript.follow(watchChannel(channel, { initial: transcript.load() }));
    return channel;
  }, [me, room, members, node, transcript]);
  const { view } = handle;
  const conversation = useConversation(view);
  const { send } = useSentMessages(view);
  const sync = useSyncStatus(view);
  const online = useOnline();
  const [draft, setDraft] = useState("");

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const text = draft.trim();
    if (text === "") return;
    setDraft("");
    void send(new TextEncoder().encode(text)).catch((error: unknown) => console.error("send failed", error));
  };

  return (
    <main data-me={me} data-ready={String(handle.status === "ready")}>
      <h1>
        {room} — {me}
      </h1>
      <StatusBar sync={sync} online={online} />
      {handle.status === "failed" ? <p className="error">{String(handle.error)}</p> : null}
      <ol id="messages">
        {conversation.map((entry) => (
          <MessageLine key={entry.message.messageId} entry={entry} />
        ))}
      </ol>
      <form onSubmit={submit}>
        <input
          id="text"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Say something"
        />
        <button type="submit" disabled={view === undefined}>
          Send
        </button>
      </form>
    </main>
  );
}
