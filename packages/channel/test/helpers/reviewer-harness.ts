import {
  createReliableChannel,
  type ReliableChannel,
  type ReliableChannelInit,
} from "@reliable-channel/channel";
import {
  type ChannelStorage,
  type MessageId,
  RELIABLE_CHANNEL_EVENT_NAMES,
  type ReliableChannelEvents,
  type Storage,
  StorageError,
} from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
  type MemoryNetworkInit,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import { expect } from "vitest";

// The harness of the reviewer scenarios (reviewer-*.test.ts): participants on the memory network with every
// event recorded, the promise checked at each receiver and sender, storages that crash or fail commits.
// Public API only: what the packages' indexes export.

/** Virtual time units (ms). */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** One recorded event of a channel, with the virtual time it fired at. */
export type Event = {
  readonly type: keyof ReliableChannelEvents;
  readonly detail: unknown;
  readonly at: number;
};
/** Channel options a scenario may set (the harness gives ids, transport and channel id). */
export type Options = Partial<Omit<ReliableChannelInit, "participantId" | "transport" | "channelId">>;

/** One turn of the event loop, no wall-clock wait: promise continuations and commits run. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Virtual time forward by `ms` in steps of `stepMs`, letting async continuations run between steps. */
export async function drive(clock: VirtualClock, ms: number, stepMs = 50): Promise<void> {
  const end = clock.now() + ms;
  await turn();
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await turn();
    await turn();
  }
}

/** UTF-8 bytes of `s`, and back. */
export const text = (s: string) => new TextEncoder().encode(s);
export const untext = (b: Uint8Array) => new TextDecoder().decode(b);

/** A participant: one id, one or more sessions (incarnations), every event of each. */
export interface Peer {
  readonly id: string;
  channel: ReliableChannel;
  readonly events: Event[];
  readonly sent: MessageId[];
}

/** A memory network on its own virtual clock, latency 15–70 ms unless `init` says otherwise. */
export function network(seed: number, init: Omit<MemoryNetworkInit, "seed"> = {}): MemoryNetwork {
  return createMemoryNetwork({ seed, latency: { minMs: 15, maxMs: 70 }, ...init });
}

/** Records every event of `channel` into `events`, stamped with `clock`. */
export function recordInto(channel: ReliableChannel, events: Event[], clock: VirtualClock): void {
  for (const type of RELIABLE_CHANNEL_EVENT_NAMES) {
    channel.on(type, (detail) => events.push({ type, detail, at: clock.now() }));
  }
}

let randomSalt = 0;
/** A channel for `id` on `net` (its transport `transportId`, joined if new), seeded per call. */
export async function open(
  net: MemoryNetwork,
  id: string,
  options: Options = {},
  transportId = id,
): Promise<ReliableChannel> {
  randomSalt += 1;
  return createReliableChannel({
    channelId: "review-room",
    participantId: id,
    transport: net.transport(transportId) ?? net.join(transportId),
    clock: net.clock,
    random: createSeededRandom(net.seed * 1_000 + randomSalt),
    ...options,
  });
}

/** A started participant whose every event is recorded. */
export async function peer(net: MemoryNetwork, id: string, options: Options = {}): Promise<Peer> {
  const events: Event[] = [];
  const channel = await open(net, id, { autoStart: false, ...options });
  recordInto(channel, events, net.clock);
  await channel.start();
  return { id, channel, events, sent: [] };
}

/** The payloads of one event type a participant recorded, in order. */
export const of = <K extends keyof ReliableChannelEvents>(p: { events: Event[] }, type: K) =>
  p.events.filter((e) => e.type === type).map((e) => e.detail as ReliableChannelEvents[K]);

/** What a participant delivered, as text. */
export const receivedTexts = (p: Peer) => of(p, "message-received").map((e) => untext(e.payload));

/** Sends `<id>:<body>` and records the id as sent. */
export async function say(p: Peer, body: string): Promise<MessageId> {
  const id = await p.channel.send(text(`${p.id}:${body}`));
  p.sent.push(id);
  return id;
}

/** Causal history of every content message published on `net`, read off the wire (no encryption). */
export function wireDeps(net: MemoryNetwork): Map<MessageId, readonly MessageId[]> {
  const deps = new Map<MessageId, readonly MessageId[]>();
  net.events.on("published", ({ retrievalHint }) => {
    const stored = net.store.get(retrievalHint);
    if (stored === undefined) return;
    try {
      const message = decodeSdsMessage(stored.bytes);
      if (message.content !== undefined && !deps.has(message.messageId)) {
        deps.set(
          message.messageId,
          message.causalHistory.map((h) => h.messageId),
        );
      }
    } catch {
      // not an SDS message: ignore
    }
  });
  return deps;
}

/**
 * The promise at one receiver: exactly once, never its own messages, each sender's in send order, never
 * before a dependency it declared on the wire (unless that one was given up), and never `irretrievable`
 * for a message it also delivered.
 */
export function checkReceiver(
  receiver: Peer,
  deps: ReadonlyMap<MessageId, readonly MessageId[]>,
  allSent: ReadonlyMap<MessageId, string>,
  problems: string[],
  beforeJoin: ReadonlySet<MessageId> = new Set(),
): void {
  const delivered = new Set<MessageId>();
  const everDelivered = new Set(of(receiver, "message-received").map((e) => e.messageId));
  const lost = new Set(of(receiver, "irretrievable").flatMap((e) => e.messageIds));
  const lastIndex = new Map<string, number>();
  for (const event of of(receiver, "message-received")) {
    const where = `${receiver.id} <- ${untext(event.payload)}`;
    if (delivered.has(event.messageId)) problems.push(`${where}: delivered twice`);
    delivered.add(event.messageId);
    if (event.senderId === receiver.id) problems.push(`${where}: own message delivered`);
    const [sender, body] = untext(event.payload).split(":");
    if (sender !== event.senderId) problems.push(`${where}: senderId ${event.senderId}`);
    const index = Number(body?.replace(/^\D+/, ""));
    const previous = lastIndex.get(event.senderId) ?? -1;
    if (!(index >= previous)) problems.push(`${where}: after index ${previous} of the same sender`);
    lastIndex.set(event.senderId, index);
    for (const dep of deps.get(event.messageId) ?? []) {
      const depSender = allSent.get(dep);
      if (depSender === undefined || depSender === receiver.id) continue; // a sync, or our own
      // From before the receiver's join and never delivered to it: it only satisfies its dependents.
      if (beforeJoin.has(dep) && !everDelivered.has(dep)) continue;
      if (!delivered.has(dep) && !lost.has(dep) && event.history !== true) {
        problems.push(`${where}: before its dependency ${dep.slice(0, 8)} of ${depSender}`);
      }
    }
  }
  for (const id of lost)
    if (delivered.has(id)) problems.push(`${receiver.id}: ${id} irretrievable and delivered`);
}

/** Each sent message ends exactly once: one `acknowledged`, no `send-failed`. */
export function checkEndings(sender: Peer, problems: string[]): void {
  const acks = new Map<MessageId, number>();
  for (const e of of(sender, "acknowledged")) acks.set(e.messageId, (acks.get(e.messageId) ?? 0) + 1);
  for (const e of of(sender, "send-failed"))
    problems.push(`${sender.id}: send-failed ${e.messageId} ${e.reason}`);
  for (const id of sender.sent) {
    const n = acks.get(id) ?? 0;
    if (n !== 1) problems.push(`${sender.id}: ${id.slice(0, 8)} acknowledged ${n} times`);
  }
}

/** Every message the participants sent, with its sender. */
export function sentMap(peers: readonly Peer[]): Map<MessageId, string> {
  const map = new Map<MessageId, string>();
  for (const p of peers) for (const id of p.sent) map.set(id, p.id);
  return map;
}

/** Asserts the whole promise for a group where everyone was present for everything (within retention). */
export function expectFullDelivery(
  seed: number,
  peers: readonly Peer[],
  deps: ReadonlyMap<MessageId, readonly MessageId[]>,
) {
  const allSent = sentMap(peers);
  const problems: string[] = [];
  for (const receiver of peers) {
    checkReceiver(receiver, deps, allSent, problems);
    const expected = new Set([...allSent].filter(([, s]) => s !== receiver.id).map(([id]) => id));
    const got = new Set(of(receiver, "message-received").map((e) => e.messageId));
    const missing = [...expected].filter((id) => !got.has(id));
    if (missing.length > 0)
      problems.push(`${receiver.id}: ${missing.length} of ${expected.size} never delivered`);
    const lost = of(receiver, "irretrievable");
    if (lost.length > 0)
      problems.push(`${receiver.id}: irretrievable ${JSON.stringify(lost.map((e) => e.reason))}`);
    checkEndings(receiver, problems);
    if (receiver.channel.outboxSize !== 0)
      problems.push(`${receiver.id}: outbox ${receiver.channel.outboxSize}`);
  }
  expect(problems, `seed ${seed}`).toEqual([]);
}

/** Stops every participant, one after the other. */
export async function stopAll(peers: readonly Peer[]): Promise<void> {
  for (const p of peers) await p.channel.stop();
}

/** A storage whose process can "crash": later commits never complete, and the lock is released. */
export function crashable(inner: Storage): Storage & { crash(): Promise<void> } {
  const handles: ChannelStorage[] = [];
  let crashed = false;
  return {
    async open(channelId, options) {
      if (crashed) return new Promise<ChannelStorage>(() => {}); // a dead process opens nothing
      const handle = await inner.open(channelId, options);
      handles.push(handle);
      return {
        channelId,
        load: () => handle.load(),
        close: () => (crashed ? Promise.resolve() : handle.close()),
        commit: (ops) => (crashed ? new Promise<void>(() => {}) : handle.commit(ops)),
      };
    },
    close: () => inner.close(),
    async crash() {
      crashed = true;
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}

/** A storage whose commits fail (StorageError) while `failing` says so. */
export function flaky(inner: Storage, failing: () => boolean): Storage {
  return {
    async open(channelId, options) {
      const handle = await inner.open(channelId, options);
      return {
        channelId,
        load: () => handle.load(),
        close: () => handle.close(),
        commit: (ops) =>
          failing() ? Promise.reject(new StorageError("injected commit failure")) : handle.commit(ops),
      };
    },
    close: () => inner.close(),
  };
}
