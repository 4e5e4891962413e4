import { join } from "node:path";
import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { Clock, Transport } from "@reliable-channel/interfaces";
import { sqliteStorage } from "@reliable-channel/storage-sqlite";
import { formatLine } from "./chat-args.js";

/** What {@link openChatSession} needs. */
export interface ChatSessionInit {
  readonly name: string;
  readonly channel: string;
  readonly transport: Transport;
  /** The folder of the chat's SQLite files (one per channel and name). */
  readonly dataDir: string;
  /** Where lines for the user go. */
  readonly print: (line: string) => void;
  /** Time and timers. @default the system clock */
  readonly clock?: Clock;
}

/** A running chat: send a line, stop. */
export interface ChatSession {
  send(line: string): Promise<void>;
  stop(): Promise<void>;
}

const quote = (line: string) => JSON.stringify(line.length > 40 ? `${line.slice(0, 39)}…` : line);

/** The SQLite file of `name` in `channel`, in `dataDir`. */
export function chatFile(dataDir: string, channel: string, name: string): string {
  return join(dataDir, `${channel}-${name}.sqlite`);
}

/**
 * The chat's reliable channel, its state in SQLite: a restart resumes the conversation (the outbox, what was
 * already shown, the catch-up cursor), so nothing seen is shown again and nothing typed is lost. Each
 * acknowledgement line names its message.
 */
export async function openChatSession(init: ChatSessionInit): Promise<ChatSession> {
  const channel: ReliableChannel = await createReliableChannel({
    channelId: init.channel,
    participantId: init.name,
    transport: init.transport,
    storage: sqliteStorage({ file: chatFile(init.dataDir, init.channel, init.name) }),
    ...(init.clock === undefined ? {} : { clock: init.clock }),
  });
  const sent = new Map<string, string>();
  const which = (messageId: string) => {
    const line = sent.get(messageId);
    return line === undefined ? `your message ${messageId.slice(0, 8)}` : quote(line);
  };
  channel.on("message-received", ({ senderId, payload }) => init.print(formatLine(senderId, payload)));
  channel.on("acknowledged", ({ messageId, by }) => {
    init.print(`  ✓ ${which(messageId)} seen${by === undefined ? "" : ` by ${by}`}`);
    sent.delete(messageId);
  });
  channel.on("send-failed", ({ messageId, reason }) => {
    init.print(`  ✗ ${which(messageId)} not delivered (${reason})`);
    sent.delete(messageId);
  });
  channel.on("irretrievable", ({ messageIds }) =>
    init.print(`  ! ${messageIds.length} message(s) lost for good`),
  );
  return {
    async send(line) {
      sent.set(await channel.send(new TextEncoder().encode(line)), line);
    },
    stop: () => channel.stop(),
  };
}
