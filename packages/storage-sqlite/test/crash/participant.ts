// The crash-test child: participant "A", a reliable channel on SQLite whose storage commits, publishes and
// app handler each wait for the parent's go-ahead (IPC), so the parent can SIGKILL it at exactly those points.
// Bundled with esbuild by crash-harness.ts; run as `node participant.mjs <directory>`.
import { createReliableChannel, systemClock } from "@reliable-channel/channel";
import type {
  ChannelStorage,
  RetrievedPayload,
  Storage,
  Transport,
  TransportListener,
} from "@reliable-channel/interfaces";
import { sqliteStorage } from "../../src/index.js";
import {
  CHANNEL_ID,
  type ChildMessage,
  FAST_CHANNEL,
  type GateKind,
  type ParentMessage,
} from "./protocol.js";

const directory = process.argv[2] ?? "";
const pending = new Map<number, (message: ParentMessage) => void>();
let nextId = 0;

const tell = (message: ChildMessage): void => void process.send?.(message);

function ask(kind: GateKind, bytes?: Uint8Array): Promise<ParentMessage> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    tell(bytes === undefined ? { t: "gate", id, kind } : { t: "gate", id, kind, bytes });
  });
}

function gatedStorage(inner: Storage): Storage {
  const wrap = (handle: ChannelStorage): ChannelStorage => ({
    channelId: handle.channelId,
    load: () => handle.load(),
    close: () => handle.close(),
    async commit(ops) {
      await ask("before-commit");
      await handle.commit(ops);
      tell({ t: "committed" });
    },
  });
  return { open: async (id, options) => wrap(await inner.open(id, options)), close: () => inner.close() };
}

const listeners = new Set<TransportListener>();
const transport: Transport = {
  async start() {},
  async stop() {},
  async publish(bytes) {
    const reply = await ask("publish", bytes);
    return reply.t === "go" && reply.hint !== undefined ? { retrievalHint: reply.hint } : {};
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  retrieve(hints) {
    const id = nextId++;
    return new Promise<RetrievedPayload[]>((resolve) => {
      pending.set(id, (reply) => resolve(reply.t === "retrieved" ? [...reply.payloads] : []));
      tell({ t: "retrieve", id, hints });
    });
  },
};

process.on("message", (message: ParentMessage) => {
  if (message.t === "deliver") {
    for (const listener of listeners) listener(message.bytes, { retrievalHint: message.hint });
  } else if (message.t === "send") {
    void channel.send(new TextEncoder().encode(`A#${message.n}`)).then((messageId) => {
      tell({ t: "sent", n: message.n, messageId });
    });
  } else {
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  }
});

// What a restart finds on disk, before the channel touches it: the counters must never have gone backwards.
const probe = sqliteStorage({ path: directory });
const { counters, handled } = await (await probe.open(CHANNEL_ID)).load();
await probe.close();
tell({ t: "restarted", ...counters, handled });

const channel = await createReliableChannel({
  ...FAST_CHANNEL,
  channelId: CHANNEL_ID,
  participantId: "A",
  transport,
  storage: gatedStorage(sqliteStorage({ path: directory })),
  clock: systemClock(),
});
channel.on("message-received", ({ messageId, senderId }) => {
  tell({ t: "delivered", messageId, senderId });
  void ask("in-handler");
});
tell({ t: "ready" });
