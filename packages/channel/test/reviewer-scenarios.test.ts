import {
  createReliableChannel,
  type ReliableChannel,
  type ReliableChannelInit,
} from "@reliable-channel/channel";
import {
  type ChannelStorage,
  InvalidArgumentError,
  type MessageId,
  NotStartedError,
  PayloadTooLargeError,
  RELIABLE_CHANNEL_EVENT_NAMES,
  type ReliableChannelEvents,
  type Storage,
  StorageError,
} from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
  type MemoryNetworkInit,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";

// An independent reviewer's scenarios, written against the public API only (the packages' index exports
// and what their READMEs promise): long offline spells, reconnect storms, late joiners within and past
// the store's retention, a sender that crashes with a full outbox while everyone else is offline,
// partitions among four, duplicate- and reorder-heavy networks, bad input and the documented event order.
// Every run is on the memory network's virtual clock with a fresh seed, printed when an assertion fails.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

type Event = { readonly type: keyof ReliableChannelEvents; readonly detail: unknown; readonly at: number };
type Options = Partial<Omit<ReliableChannelInit, "participantId" | "transport" | "channelId">>;

/** One turn of the event loop, no wall-clock wait: promise continuations and commits run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Virtual time forward by `ms` in steps of `stepMs`, letting async continuations run between steps. */
async function drive(clock: VirtualClock, ms: number, stepMs = 50): Promise<void> {
  const end = clock.now() + ms;
  await turn();
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await turn();
    await turn();
  }
}

const text = (s: string) => new TextEncoder().encode(s);
const untext = (b: Uint8Array) => new TextDecoder().decode(b);

/** A participant: one id, one or more sessions (incarnations), every event of each. */
interface Peer {
  readonly id: string;
  channel: ReliableChannel;
  readonly events: Event[];
  readonly sent: MessageId[];
}

function network(seed: number, init: Omit<MemoryNetworkInit, "seed"> = {}): MemoryNetwork {
  return createMemoryNetwork({ seed, latency: { minMs: 15, maxMs: 70 }, ...init });
}

function recordInto(channel: ReliableChannel, events: Event[], clock: VirtualClock): void {
  for (const type of RELIABLE_CHANNEL_EVENT_NAMES) {
    channel.on(type, (detail) => events.push({ type, detail, at: clock.now() }));
  }
}

let randomSalt = 0;
async function open(
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

async function peer(net: MemoryNetwork, id: string, options: Options = {}): Promise<Peer> {
  const events: Event[] = [];
  const channel = await open(net, id, { autoStart: false, ...options });
  recordInto(channel, events, net.clock);
  await channel.start();
  return { id, channel, events, sent: [] };
}

const of = <K extends keyof ReliableChannelEvents>(p: { events: Event[] }, type: K) =>
  p.events.filter((e) => e.type === type).map((e) => e.detail as ReliableChannelEvents[K]);

const receivedTexts = (p: Peer) => of(p, "message-received").map((e) => untext(e.payload));

async function say(p: Peer, body: string): Promise<MessageId> {
  const id = await p.channel.send(text(`${p.id}:${body}`));
  p.sent.push(id);
  return id;
}

/** Causal history of every content message published on `net`, read off the wire (no encryption). */
function wireDeps(net: MemoryNetwork): Map<MessageId, readonly MessageId[]> {
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
function checkReceiver(
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
function checkEndings(sender: Peer, problems: string[]): void {
  const acks = new Map<MessageId, number>();
  for (const e of of(sender, "acknowledged")) acks.set(e.messageId, (acks.get(e.messageId) ?? 0) + 1);
  for (const e of of(sender, "send-failed"))
    problems.push(`${sender.id}: send-failed ${e.messageId} ${e.reason}`);
  for (const id of sender.sent) {
    const n = acks.get(id) ?? 0;
    if (n !== 1) problems.push(`${sender.id}: ${id.slice(0, 8)} acknowledged ${n} times`);
  }
}

function sentMap(peers: readonly Peer[]): Map<MessageId, string> {
  const map = new Map<MessageId, string>();
  for (const p of peers) for (const id of p.sent) map.set(id, p.id);
  return map;
}

/** Asserts the whole promise for a group where everyone was present for everything (within retention). */
function expectFullDelivery(
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

async function stopAll(peers: readonly Peer[]): Promise<void> {
  for (const p of peers) await p.channel.stop();
}

/** A storage whose process can "crash": later commits never complete, and the lock is released. */
function crashable(inner: Storage): Storage & { crash(): Promise<void> } {
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

describe("a reader offline for two hours while two others talk (seed 7_300_001)", () => {
  it("gets all 60 messages exactly once in order when it comes back, synced after its catch-up", async () => {
    const seed = 7_300_001;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const deps = wireDeps(net);
    const peers = [await peer(net, "ann"), await peer(net, "ben"), await peer(net, "cat")];
    const [ann, ben, cat] = peers as [Peer, Peer, Peer];
    await drive(net.clock, 5 * SECOND);
    net.setOffline("cat", true);
    for (let i = 0; i < 30; i += 1) {
      await say(i % 2 === 0 ? ann : ben, `m${i}`);
      await say(i % 2 === 0 ? ben : ann, `n${i}`);
      await drive(net.clock, 4 * MINUTE, 1_000); // 2 hours in all: far beyond every sync and retry interval
    }
    expect(cat.channel.syncStatus.status, `seed ${seed}`).toBe("offline");
    expect(of(cat, "message-received"), `seed ${seed}`).toEqual([]);
    const back = cat.events.length;
    net.setOffline("cat", false);
    await drive(net.clock, 3 * MINUTE);
    expect(receivedTexts(cat).length, `seed ${seed}`).toBe(60);
    const after = cat.events.slice(back);
    const caughtUp = after.findIndex((e) => e.type === "caught-up");
    const synced = after.findIndex(
      (e) => e.type === "sync-status" && (e.detail as { status: string }).status === "synced",
    );
    expect(caughtUp, `seed ${seed}`).toBeGreaterThanOrEqual(0);
    expect(synced, `seed ${seed}: synced only after the catch-up`).toBeGreaterThan(caughtUp);
    expectFullDelivery(seed, peers, deps);
    await stopAll(peers);
  });
});

describe("a reconnect storm: a sender toggled offline/online 40 times while it sends (seeds 7_300_011..13)", () => {
  for (const seed of [7_300_011, 7_300_012, 7_300_013]) {
    it(`seed ${seed}: everything delivered once, in order, each message acknowledged once`, async () => {
      const net = network(seed, { retentionMs: 6 * HOUR, loss: 0.2, duplication: 0.2, reorder: 0.3 });
      const deps = wireDeps(net);
      const random = createSeededRandom(seed);
      const peers = [await peer(net, "sam"), await peer(net, "tia"), await peer(net, "uma")];
      const [sam, tia] = peers as [Peer, Peer, Peer];
      await drive(net.clock, 3 * SECOND);
      let n = 0;
      for (let toggle = 0; toggle < 40; toggle += 1) {
        net.setOffline("sam", toggle % 2 === 0);
        const burst = random.int(3);
        for (let k = 0; k < burst; k += 1) await say(sam, `s${n++}`);
        if (random.next() < 0.5) await say(tia, `t${n++}`);
        await drive(net.clock, 200 + random.int(8_000), 100);
      }
      net.setOffline("sam", false);
      await drive(net.clock, 10 * MINUTE, 250);
      expectFullDelivery(seed, peers, deps);
      await stopAll(peers);
    });
  }
});

describe("a sender offline for 90 minutes with maxSendAttempts: 3 (seed 7_300_021)", () => {
  it("counts no attempt while offline: no send-failed, delivered and acknowledged once back", async () => {
    const seed = 7_300_021;
    const net = network(seed, { retentionMs: 24 * HOUR });
    const deps = wireDeps(net);
    const peers = [await peer(net, "vic", { maxSendAttempts: 3 }), await peer(net, "wes")];
    const [vic] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("vic", true);
    for (let i = 0; i < 8; i += 1) await say(vic, `v${i}`);
    await drive(net.clock, 90 * MINUTE, 1_000);
    expect(of(vic, "sending"), `seed ${seed}`).toEqual([]);
    expect(vic.channel.outboxSize, `seed ${seed}`).toBe(8);
    net.setOffline("vic", false);
    await drive(net.clock, 2 * MINUTE);
    expectFullDelivery(seed, peers, deps);
    // Replayed at once, in send order: the first attempts after the reconnect follow the send order.
    const firstAttempts = of(vic, "sending").filter((e) => e.attempt >= 1);
    const order = [...new Set(firstAttempts.map((e) => e.messageId))];
    expect(order, `seed ${seed}`).toEqual(vic.sent);
    await stopAll(peers);
  });
});

describe("late joiners (seed 7_300_031)", () => {
  it("within retention: history { last } delivers the last messages in order marked history; without it, nothing old", async () => {
    const seed = 7_300_031;
    const net = network(seed, { retentionMs: 2 * HOUR });
    const deps = wireDeps(net);
    const old = [await peer(net, "amy"), await peer(net, "bob")];
    const [amy, bob] = old as [Peer, Peer];
    for (let i = 0; i < 12; i += 1) {
      await say(i % 3 === 0 ? bob : amy, `h${i}`);
      await drive(net.clock, 30 * SECOND, 500);
    }
    const beforeJoin = new Set(old.flatMap((p) => p.sent));
    const plain = await peer(net, "new1");
    const asking = await peer(net, "new2", { history: { last: 5 } });
    await drive(net.clock, 30 * SECOND);
    expect(of(plain, "message-received"), `seed ${seed}`).toEqual([]);
    const history = of(asking, "message-received");
    expect(
      history.map((e) => untext(e.payload)),
      `seed ${seed}`,
    ).toEqual(["amy:h7", "amy:h8", "bob:h9", "amy:h10", "amy:h11"]);
    expect(
      history.every((e) => e.history === true),
      `seed ${seed}`,
    ).toBe(true);
    // Live messages after the join reach both newcomers, not marked history.
    for (let i = 12; i < 18; i += 1) await say(i % 2 === 0 ? amy : bob, `h${i}`);
    await drive(net.clock, 2 * MINUTE);
    const problems: string[] = [];
    for (const newcomer of [plain, asking]) {
      const live = of(newcomer, "message-received").filter((e) => e.history !== true);
      expect(live.length, `seed ${seed} ${newcomer.id}`).toBe(6);
      expect(of(newcomer, "irretrievable"), `seed ${seed} ${newcomer.id}`).toEqual([]);
      expect(newcomer.channel.syncStatus.status, `seed ${seed} ${newcomer.id}`).toBe("synced");
      checkReceiver(newcomer, deps, sentMap([...old, plain, asking]), problems, beforeJoin);
    }
    for (const p of old) checkEndings(p, problems);
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll([...old, plain, asking]);
  });

  it("past retention (seed 7_300_032): history { since: 0 } gets only what the store still holds, nothing irretrievable", async () => {
    const seed = 7_300_032;
    const net = network(seed, { retentionMs: 30 * MINUTE });
    const deps = wireDeps(net);
    const old = [await peer(net, "amy"), await peer(net, "bob")];
    const [amy, bob] = old as [Peer, Peer];
    for (let i = 0; i < 10; i += 1) {
      await say(i % 2 === 0 ? amy : bob, `e${i}`); // these expire from the store
      await drive(net.clock, 10 * SECOND, 500);
    }
    const beforeJoin = new Set([...amy.sent, ...bob.sent]);
    await drive(net.clock, 45 * MINUTE, 1_000);
    for (let i = 10; i < 14; i += 1) {
      await say(i % 2 === 0 ? amy : bob, `e${i}`); // these are still stored
      await drive(net.clock, 10 * SECOND, 500);
    }
    const late = await peer(net, "late", { history: { since: 0 } });
    await drive(net.clock, 2 * MINUTE);
    const texts = receivedTexts(late);
    expect(texts, `seed ${seed}`).toEqual(["amy:e10", "bob:e11", "amy:e12", "bob:e13"]);
    expect(of(late, "irretrievable"), `seed ${seed}`).toEqual([]);
    await say(amy, "e14");
    await drive(net.clock, 1 * MINUTE);
    expect(receivedTexts(late).at(-1), `seed ${seed}`).toBe("amy:e14");
    expect(of(late, "irretrievable"), `seed ${seed}`).toEqual([]);
    const problems: string[] = [];
    checkReceiver(late, deps, sentMap([...old, late]), problems, beforeJoin);
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll([...old, late]);
  });
});

describe("a reader away longer than the retention (seed 7_300_041)", () => {
  it("without repair: what it learns of but cannot get is irretrievable, never delivered twice, and live traffic flows", async () => {
    const seed = 7_300_041;
    const net = network(seed, { retentionMs: 20 * MINUTE });
    const peers = [await peer(net, "kim"), await peer(net, "lou")];
    const [kim, lou] = peers as [Peer, Peer];
    await say(kim, "k0");
    await drive(net.clock, 10 * SECOND);
    net.setOffline("lou", true);
    for (let i = 1; i <= 6; i += 1) {
      await say(kim, `k${i}`);
      await drive(net.clock, 5 * SECOND, 500);
    }
    await drive(net.clock, 60 * MINUTE, 1_000); // k1..k6 expire from the store
    net.setOffline("lou", false);
    await say(kim, "k7");
    await drive(net.clock, 15 * MINUTE, 250);
    const got = receivedTexts(lou);
    expect(got[0], `seed ${seed}`).toBe("kim:k0");
    expect(got.at(-1), `seed ${seed}: the live message is released`).toBe("kim:k7");
    const lost = new Set(of(lou, "irretrievable").flatMap((e) => e.messageIds));
    // Every message of kim is either delivered or reported lost (k7 names k6, which names k5, ...: only
    // what lou learns of can be reported).
    for (const [i, id] of kim.sent.entries()) {
      const delivered = of(lou, "message-received").some((e) => e.messageId === id);
      if (i === 6) expect(delivered || lost.has(id), `seed ${seed}: k6 is named by k7`).toBe(true);
    }
    const problems: string[] = [];
    checkReceiver(lou, new Map(), sentMap(peers), problems);
    expect(problems, `seed ${seed}`).toEqual([]);
    expect(lou.channel.syncStatus.status, `seed ${seed}`).toBe("synced");
    await stopAll(peers);
  });
});

describe("a sender that crashes with 10 messages in its outbox while everyone else is offline (seed 7_300_051)", () => {
  it("restarted from its storage, re-publishes them in order; delivered exactly once, each acknowledged once", async () => {
    const seed = 7_300_051;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const deps = wireDeps(net);
    const volume: MemoryVolume = createMemoryVolume();
    const storage = crashable(memoryStorage({ volume }));
    const zed = await peer(net, "zed", { storage });
    const others = [await peer(net, "yan"), await peer(net, "xia")];
    await say(zed, "z0");
    await drive(net.clock, 30 * SECOND);
    net.setOffline("yan", true);
    net.setOffline("xia", true);
    for (let i = 1; i <= 5; i += 1) await say(zed, `z${i}`); // published, nobody hears them
    await drive(net.clock, 5 * SECOND);
    net.setOffline("zed", true);
    for (let i = 6; i <= 10; i += 1) await say(zed, `z${i}`); // never published before the crash
    await drive(net.clock, 5 * SECOND);
    // The crash: no more commits, the process's transport gone.
    await storage.crash();
    await net.transport("zed")?.stop();
    const sentBeforeCrash = [...zed.sent];
    await drive(net.clock, 20 * MINUTE, 1_000);
    // Restart from the same volume, on a new connection, while the others are still offline.
    const events: Event[] = [];
    const channel = await open(net, "zed", { autoStart: false, storage: memoryStorage({ volume }) }, "zed#2");
    recordInto(channel, events, net.clock);
    await channel.start();
    const restarted: Peer = { id: "zed", channel, events, sent: [] };
    expect(channel.outboxSize, `seed ${seed}`).toBeGreaterThanOrEqual(10);
    await drive(net.clock, 10 * MINUTE, 1_000);
    net.setOffline("yan", false);
    await drive(net.clock, 1 * MINUTE);
    net.setOffline("xia", false);
    await say(restarted, "z11");
    await drive(net.clock, 5 * MINUTE, 250);
    const all = [...sentBeforeCrash, ...restarted.sent];
    const problems: string[] = [];
    const allSent = new Map(all.map((id) => [id, "zed"] as const));
    for (const reader of others) {
      checkReceiver(reader, deps, allSent, problems);
      const got = receivedTexts(reader);
      expect(got, `seed ${seed} ${reader.id}`).toEqual(Array.from({ length: 12 }, (_, i) => `zed:z${i}`));
    }
    expect(problems, `seed ${seed}`).toEqual([]);
    // Every message left in the outbox at the crash ends exactly once in the restarted session.
    const acked = of(restarted, "acknowledged").map((e) => e.messageId);
    expect(new Set(acked).size, `seed ${seed}`).toBe(acked.length);
    expect(of(restarted, "send-failed"), `seed ${seed}`).toEqual([]);
    expect(channel.outboxSize, `seed ${seed}`).toBe(0);
    // The replay after the restart is in send order.
    const order = [...new Set(of(restarted, "sending").map((e) => e.messageId))];
    const replayed = order.filter((id) => sentBeforeCrash.includes(id));
    expect(replayed, `seed ${seed}`).toEqual(sentBeforeCrash.filter((id) => replayed.includes(id)));
    await stopAll([restarted, ...others]);
  });
});

describe("four participants split in two for 20 minutes, everyone talking (seeds 7_300_061..62)", () => {
  for (const [seed, repair] of [
    [7_300_061, false],
    [7_300_062, true],
  ] as const) {
    it(`seed ${seed} repair ${repair}: after the heal everyone has everything, once, in causal order`, async () => {
      const net = network(seed, { retentionMs: 6 * HOUR, loss: 0.15, reorder: 0.2 });
      const deps = wireDeps(net);
      const options: Options = repair ? { repair: sdsRepair() } : {};
      const ids = ["p1", "p2", "p3", "p4"];
      const peers: Peer[] = [];
      for (const id of ids) peers.push(await peer(net, id, options));
      const random = createSeededRandom(seed);
      await drive(net.clock, 2 * SECOND);
      net.partition(["p1", "p2"], ["p3", "p4"]);
      for (let i = 0; i < 40; i += 1) {
        const who = peers[random.int(4)] as Peer;
        await say(who, `q${i}`);
        await drive(net.clock, random.int(60_000), 500);
      }
      net.heal();
      for (let i = 40; i < 44; i += 1) await say(peers[i - 40] as Peer, `q${i}`);
      await drive(net.clock, 10 * MINUTE, 250);
      expectFullDelivery(seed, peers, deps);
      await stopAll(peers);
    });
  }
});

describe("duplicate-heavy and reorder-heavy networks (seeds 7_300_071..72)", () => {
  it("seed 7_300_071: 80 % duplication, 10 % loss, three senders: exactly once", async () => {
    const seed = 7_300_071;
    const net = network(seed, { duplication: 0.8, loss: 0.1 });
    const deps = wireDeps(net);
    const peers = [await peer(net, "d1"), await peer(net, "d2"), await peer(net, "d3")];
    for (let i = 0; i < 45; i += 1) {
      await say(peers[i % 3] as Peer, `x${i}`);
      await drive(net.clock, 300, 50);
    }
    await drive(net.clock, 5 * MINUTE, 250);
    expectFullDelivery(seed, peers, deps);
    await stopAll(peers);
  });

  it("seed 7_300_072: 90 % of deliveries held back up to 5 s, bursts from three senders: causal and per-sender order", async () => {
    const seed = 7_300_072;
    const net = network(seed, { reorder: 0.9, reorderDelayMs: 5_000, duplication: 0.2 });
    const deps = wireDeps(net);
    const peers = [await peer(net, "r1"), await peer(net, "r2"), await peer(net, "r3")];
    for (let round = 0; round < 6; round += 1) {
      for (let i = 0; i < 8; i += 1) await say(peers[(round + i) % 3] as Peer, `y${round * 8 + i}`);
      await drive(net.clock, 700, 50);
    }
    await drive(net.clock, 5 * MINUTE, 250);
    expectFullDelivery(seed, peers, deps);
    await stopAll(peers);
  });
});

describe("bad input through the public API", () => {
  it("send / sendEphemeral reject with the documented typed errors", async () => {
    const net = network(7_300_081, { maxPayloadBytes: 2_000 });
    const channel = await open(net, "bad", { segmentation: false });
    await expect(channel.send(new Uint8Array(0))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.send("hello" as unknown as Uint8Array)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.send(new Uint8Array(5_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(channel.sendEphemeral(new Uint8Array(0))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.sendEphemeral(new Uint8Array(5_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(channel.send(null as unknown as Uint8Array)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(channel.outboxSize).toBe(0);
    await channel.stop();
    await expect(channel.send(text("late"))).rejects.toBeInstanceOf(NotStartedError);
    await expect(channel.sendEphemeral(text("late"))).rejects.toBeInstanceOf(NotStartedError);
    const idle = await open(net, "idle", { autoStart: false });
    await expect(idle.send(text("early"))).rejects.toBeInstanceOf(NotStartedError);
  });

  it("createReliableChannel rejects bad ids and out-of-range options with InvalidArgumentError", async () => {
    const net = network(7_300_082);
    const transport = net.join("t");
    const base = { channelId: "c", participantId: "p", transport, clock: net.clock };
    const bad: Partial<ReliableChannelInit>[] = [
      { channelId: "" },
      { participantId: "" },
      { retryBaseDelayMs: -1 },
      { retryJitter: 1.5 },
      { retryBackoffFactor: 0.5 },
      { maxSendAttempts: 0 },
      { syncIntervalMs: Number.NaN },
      { history: { last: -3 } },
      { members: [""] },
      { transport: {} as unknown as ReliableChannelInit["transport"] },
      // These were accepted before (and a "no" started the channel); the README promises
      // InvalidArgumentError for every bad option at creation.
      { autoStart: "no" as unknown as boolean },
      { segmentation: "yes" as unknown as false },
      { segmentation: 5 as unknown as false },
      { segmentation: { reassemblyTimeoutMs: -1 } },
      { segmentation: { maxPartialMessages: 0 } },
      { segmentation: { maxPartialBytesPerSender: Number.NaN } },
      { segmentation: { profile: "x" } as unknown as false },
      { sds: "x" } as unknown as Partial<ReliableChannelInit>,
    ];
    for (const override of bad) {
      await expect(
        createReliableChannel({ ...base, ...override } as ReliableChannelInit),
        JSON.stringify(override),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });
});

describe("the documented event order (seed 7_300_091)", () => {
  it("sending before send resolves, then sent, then acknowledged; missing → retrieved → message-received", async () => {
    const seed = 7_300_091;
    const net = network(seed);
    const peers = [await peer(net, "eve"), await peer(net, "fay")];
    const [eve, fay] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    // Start-up: sync-status came first, caught-up before the first synced.
    for (const p of peers) {
      expect(p.events[0]?.type, `seed ${seed} ${p.id}`).toBe("sync-status");
      const caught = p.events.findIndex((e) => e.type === "caught-up");
      const synced = p.events.findIndex(
        (e) => e.type === "sync-status" && (e.detail as { status: string }).status === "synced",
      );
      expect(caught, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      expect(synced, `seed ${seed}`).toBeGreaterThan(caught);
    }
    let sendingBeforeResolve = false;
    const id = await eve.channel.send(text("eve:a0")).then((messageId) => {
      sendingBeforeResolve = of(eve, "sending").some((e) => e.messageId === messageId);
      return messageId;
    });
    eve.sent.push(id);
    expect(sendingBeforeResolve, `seed ${seed}: sending fires before send resolves when online`).toBe(true);
    await drive(net.clock, 10 * SECOND);
    const mine = eve.events
      .filter((e) => (e.detail as { messageId?: string }).messageId === id)
      .map((e) => e.type)
      .filter((t) => t !== "possibly-acknowledged");
    expect(mine.slice(0, 3), `seed ${seed}`).toEqual(["sending", "sent", "acknowledged"]);
    // fay misses a1 (offline), then a2 names it: missing, then retrieved, then a1 and a2 delivered in order.
    net.setOffline("fay", true);
    await say(eve, "a1");
    await drive(net.clock, 2 * SECOND);
    net.setOffline("fay", false);
    // Before fay's catch-up could bring a1, a2 arrives live... or the catch-up brings both; either way the
    // dependency comes first.
    await say(eve, "a2");
    await drive(net.clock, 30 * SECOND);
    expect(receivedTexts(fay), `seed ${seed}`).toEqual(["eve:a0", "eve:a1", "eve:a2"]);
    const missing = fay.events.findIndex((e) => e.type === "missing");
    if (missing >= 0) {
      const retrieved = fay.events.findIndex((e) => e.type === "retrieved");
      const delivered = fay.events.findIndex(
        (e) =>
          e.type === "message-received" && untext((e.detail as { payload: Uint8Array }).payload) === "eve:a1",
      );
      expect(retrieved, `seed ${seed}`).toBeGreaterThan(missing);
      expect(delivered, `seed ${seed}`).toBeGreaterThan(retrieved);
    }
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });

  it("stop()/start() are idempotent, and a restart repeats no event (seed 7_300_092)", async () => {
    const seed = 7_300_092;
    const net = network(seed);
    const storage = memoryStorage();
    const peers = [await peer(net, "gus", { storage }), await peer(net, "hal")];
    const [gus, hal] = peers as [Peer, Peer];
    await Promise.all([gus.channel.start(), gus.channel.start()]);
    for (let i = 0; i < 5; i += 1) await say(hal, `b${i}`);
    await say(gus, "c0");
    await drive(net.clock, 20 * SECOND);
    await Promise.all([gus.channel.stop(), gus.channel.stop()]);
    expect(gus.channel.state).toBe("stopped");
    await expect(gus.channel.send(text("gus:x"))).rejects.toBeInstanceOf(NotStartedError);
    const before = gus.events.length;
    await gus.channel.start();
    await gus.channel.start();
    expect(gus.channel.state).toBe("started");
    await drive(net.clock, 2 * MINUTE);
    const again = gus.events
      .slice(before)
      .filter((e) => ["message-received", "acknowledged", "sent"].includes(e.type));
    expect(again, `seed ${seed}`).toEqual([]);
    await say(hal, "b5");
    await say(gus, "c1");
    await drive(net.clock, 20 * SECOND);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

/** One participant across incarnations: a crash ends one, a restart from the same volume begins the next. */
interface Life {
  readonly id: string;
  readonly volume: MemoryVolume;
  readonly events: Event[];
  readonly sent: MessageId[];
  readonly joinedAt: number;
  channel: ReliableChannel;
  storage: Storage & { crash(): Promise<void> };
  transportId: string;
  incarnation: number;
  crashed: boolean;
}

type Unborn = Omit<Life, "channel" | "storage">;

async function birth(
  net: MemoryNetwork,
  life: Unborn,
  options: Options,
  failing: () => boolean,
): Promise<Life> {
  const storage = crashable(flaky(memoryStorage({ volume: life.volume }), failing));
  const channel = await open(net, life.id, { ...options, autoStart: false, storage }, life.transportId);
  recordInto(channel, life.events, net.clock);
  await channel.start();
  return { ...life, channel, storage };
}

/**
 * A chaos sweep: three participants with storage and a fourth that joins halfway, random offline spells,
 * partitions, storage commits that fail for a moment, and crashes fired from inside a timer of the
 * virtual clock (commits queued in that instant never complete; the process's transport goes away), each
 * followed by a restart from the same volume on a new connection; SDS-R on every other seed. Checked across
 * incarnations: every accepted message delivered to every other participant that had joined when it was
 * sent, exactly once, in per-sender and causal order, acknowledged exactly once, nothing irretrievable,
 * outboxes empty.
 */
async function chaosSweep(seed: number): Promise<void> {
  const net = network(seed, { retentionMs: 6 * HOUR, loss: 0.15, duplication: 0.1, reorder: 0.1 });
  const deps = wireDeps(net);
  const random = createSeededRandom(seed);
  const options: Options = seed % 2 === 0 ? { repair: sdsRepair() } : {};
  let failingUntil = 0;
  let failingWho = "";
  const failingFor = (id: string) => () => failingWho === id && net.clock.now() < failingUntil;
  const sentAt = new Map<MessageId, number>();
  const refused = new Set<string>();
  const lives: Life[] = [];
  const unborn = (id: string): Unborn => ({
    id,
    volume: createMemoryVolume(),
    events: [],
    sent: [],
    joinedAt: net.clock.now(),
    transportId: id,
    incarnation: 0,
    crashed: false,
  });
  for (const id of ["a", "b", "c"]) lives.push(await birth(net, unborn(id), options, failingFor(id)));
  const pendingCrashes: (() => void)[] = [];
  const crashAt = (life: Life, delayMs: number) =>
    pendingCrashes.push(
      net.clock.setTimeout(() => {
        if (life.crashed) return;
        life.crashed = true;
        void life.storage.crash();
        void net.transport(life.transportId)?.stop();
      }, delayMs),
    );
  let n = 0;
  for (let step = 0; step < 60; step += 1) {
    if (step === 30) lives.push(await birth(net, unborn("d"), options, failingFor("d")));
    const live = lives.filter((l) => !l.crashed);
    const who = live[random.int(live.length)];
    if (who !== undefined) {
      // A send whose outbox commit fails rejects with the StorageError; while the channel restarts itself
      // after a failed commit (1 s) it is `stopped` and `send` rejects with NotStartedError. Neither
      // message was accepted.
      const body = `${who.id}:m${n++}`;
      const id = await who.channel.send(text(body)).catch((error: unknown) => {
        if (
          error instanceof StorageError ||
          (error instanceof NotStartedError && who.channel.state === "stopped")
        ) {
          refused.add(body);
          return undefined;
        }
        throw error;
      });
      if (id !== undefined) {
        who.sent.push(id);
        sentAt.set(id, net.clock.now());
      }
    }
    const roll = random.next();
    const target = lives[random.int(lives.length)] as Life;
    if (roll < 0.08 && !target.crashed) crashAt(target, random.int(3_000));
    else if (roll < 0.2 && !target.crashed)
      net.setOffline(target.transportId, !net.isOffline(target.transportId));
    else if (roll < 0.25)
      net.partition(
        [target.transportId],
        lives.filter((l) => l !== target).map((l) => l.transportId),
      );
    else if (roll < 0.3) net.heal();
    else if (roll < 0.35) {
      failingWho = target.id;
      failingUntil = net.clock.now() + random.int(2_000);
    }
    await drive(net.clock, 500 + random.int(10_000), 100);
    for (const [index, life] of lives.entries()) {
      if (!life.crashed || random.next() < 0.3) continue;
      const incarnation = life.incarnation + 1;
      lives[index] = await birth(
        net,
        { ...life, transportId: `${life.id}#${incarnation}`, incarnation, crashed: false },
        options,
        failingFor(life.id),
      );
    }
  }
  for (const cancel of pendingCrashes) cancel(); // no crash after the schedule: the end is checked
  failingUntil = 0;
  net.heal();
  for (const [index, life] of lives.entries()) {
    if (life.crashed) {
      const incarnation = life.incarnation + 1;
      lives[index] = await birth(
        net,
        { ...life, transportId: `${life.id}#${incarnation}`, incarnation, crashed: false },
        options,
        failingFor(life.id),
      );
    } else if (net.isOffline(life.transportId)) net.setOffline(life.transportId, false);
  }
  await drive(net.clock, 15 * MINUTE, 250);
  const peers: Peer[] = lives.map((l) => ({ id: l.id, channel: l.channel, events: l.events, sent: l.sent }));
  for (const p of peers) expect(p.channel.state, `seed ${seed} ${p.id}`).toBe("started");
  const allSent = sentMap(peers);
  const problems: string[] = [];
  for (const [index, receiver] of peers.entries()) {
    const joinedAt = lives[index]?.joinedAt ?? 0;
    const beforeJoin = new Set([...sentAt].filter(([, at]) => at < joinedAt).map(([id]) => id));
    checkReceiver(receiver, deps, allSent, problems, beforeJoin);
    checkEndings(receiver, problems);
    const got = new Set(of(receiver, "message-received").map((e) => e.messageId));
    for (const [id, sender] of allSent) {
      if (sender === receiver.id) continue;
      if (beforeJoin.has(id) && got.has(id))
        problems.push(`${receiver.id}: delivered ${id.slice(0, 8)} from before its join`);
      if (!beforeJoin.has(id) && !got.has(id))
        problems.push(`${receiver.id}: never got ${id.slice(0, 8)} of ${sender}`);
    }
    if (of(receiver, "irretrievable").length > 0) problems.push(`${receiver.id}: irretrievable`);
    for (const body of receivedTexts(receiver)) {
      if (refused.has(body)) problems.push(`${receiver.id}: got ${body}, whose send was refused`);
    }
    if (receiver.channel.outboxSize !== 0)
      problems.push(`${receiver.id}: outbox ${receiver.channel.outboxSize}`);
  }
  expect(problems, `seed ${seed}`).toEqual([]);
  await stopAll(peers);
}

/** `REVIEW_SWEEP_SEEDS=<first>:<count>` runs other seeds. */
function sweepSeeds(first: number, count: number): number[] {
  const [from, n] = (process.env.REVIEW_SWEEP_SEEDS ?? `${first}:${count}`).split(":").map(Number);
  return Array.from({ length: n ?? count }, (_, i) => (from ?? first) + i);
}

describe("a chaos sweep: crashes at random instants, restarts, offline spells, partitions, failing commits, a newcomer", () => {
  for (const seed of sweepSeeds(7_300_101, 8)) {
    it(`seed ${seed}`, () => chaosSweep(seed));
  }
});

describe("a reader away longer than the retention while others keep talking (seeds 7_300_111..112)", () => {
  // With SDS-R on (seed 7_300_112) the reader waits for the repair requests' rounds to end before it gives
  // up what neither the store nor any peer holds (the peers' repair caches keep 15 minutes): in this run its
  // first delivery, live messages included, came 32.5 minutes after it was back, against 1 minute without
  // SDS-R. The README's rule for giving up says so ("SDS-R is no longer asking for it"); reported, not changed.
  for (const [seed, repair, waitMinutes] of [
    [7_300_111, false, 5],
    [7_300_112, true, 45],
  ] as const) {
    it(`seed ${seed} repair ${repair}: what the store still holds is delivered; what it learns of is delivered or irretrievable`, async () => {
      const net = network(seed, { retentionMs: 30 * MINUTE, loss: 0.05 });
      const deps = wireDeps(net);
      const options: Options = repair ? { repair: sdsRepair() } : {};
      const peers = [
        await peer(net, "o1", options),
        await peer(net, "o2", options),
        await peer(net, "rd", options),
      ];
      const [o1, o2, rd] = peers as [Peer, Peer, Peer];
      await drive(net.clock, 3 * SECOND);
      net.setOffline("rd", true);
      for (let i = 0; i < 40; i += 1) {
        await say(i % 2 === 0 ? o1 : o2, `w${i}`);
        await drive(net.clock, 2 * MINUTE, 1_000); // 80 minutes: the first half expires before rd is back
      }
      const stored = new Set<MessageId>();
      for (const { bytes } of net.store.entries()) {
        try {
          stored.add(decodeSdsMessage(bytes).messageId);
        } catch {
          // not an SDS message
        }
      }
      const stillStored = [...o1.sent, ...o2.sent].filter((id) => stored.has(id));
      net.setOffline("rd", false);
      for (let i = 40; i < 44; i += 1) await say(i % 2 === 0 ? o1 : o2, `w${i}`);
      await drive(net.clock, waitMinutes * MINUTE, 1_000);
      const delivered = new Set(of(rd, "message-received").map((e) => e.messageId));
      const lost = new Set(of(rd, "irretrievable").flatMap((e) => e.messageIds));
      const problems: string[] = [];
      checkReceiver(rd, deps, sentMap(peers), problems);
      for (const id of stillStored)
        if (!delivered.has(id)) problems.push(`stored ${id.slice(0, 8)} not delivered`);
      for (const id of [...o1.sent.slice(-2), ...o2.sent.slice(-2)]) {
        if (!delivered.has(id)) problems.push(`live ${id.slice(0, 8)} not delivered`);
      }
      // Promise 1: a message it learns of (one that a message it received names) is delivered or
      // irretrievable; one that only expired messages name it may never hear of.
      const named = new Set([...delivered].flatMap((id) => deps.get(id) ?? []));
      for (const id of [...o1.sent, ...o2.sent]) {
        if (named.has(id) && !delivered.has(id) && !lost.has(id))
          problems.push(`${id.slice(0, 8)} named, not settled`);
      }
      expect(problems, `seed ${seed} (stored ${stillStored.length}, lost ${lost.size})`).toEqual([]);
      expect(lost.size, `seed ${seed}: the boundary of what expired is reported`).toBeGreaterThan(0);
      expect(rd.channel.syncStatus, `seed ${seed}`).toMatchObject({
        status: "synced",
        missing: 0,
        lost: lost.size,
      });
      await stopAll(peers);
    });
  }
});

describe("a sender offline for three days, past the store's two-day retention (seed 7_300_121)", () => {
  it("still delivers its whole outbox when it is back, in send order, after others talked meanwhile", async () => {
    const seed = 7_300_121;
    const net = network(seed, { retentionMs: 2 * 24 * HOUR, loss: 0.1 });
    const deps = wireDeps(net);
    const peers = [await peer(net, "far"), await peer(net, "p2"), await peer(net, "p3")];
    const [far, p2, p3] = peers as [Peer, Peer, Peer];
    await say(far, "f0");
    await drive(net.clock, 10 * SECOND);
    net.setOffline("far", true);
    for (let i = 1; i <= 6; i += 1) await say(far, `f${i}`);
    for (let hour = 0; hour < 72; hour += 1) {
      if (hour % 6 === 0) await say(hour % 12 === 0 ? p2 : p3, `h${hour}`);
      await drive(net.clock, HOUR, 5 * MINUTE);
    }
    net.setOffline("far", false);
    await drive(net.clock, 10 * MINUTE, 250);
    // far catches up only what is still stored (the last two days); the older ones are irretrievable or
    // never heard of. Everything far sent reaches both others.
    for (const reader of [p2, p3]) {
      expect(
        receivedTexts(reader).filter((t) => t.startsWith("far:")),
        `seed ${seed} ${reader.id}`,
      ).toEqual(["far:f0", "far:f1", "far:f2", "far:f3", "far:f4", "far:f5", "far:f6"]);
      const problems: string[] = [];
      checkReceiver(reader, deps, sentMap(peers), problems);
      expect(problems, `seed ${seed}`).toEqual([]);
      expect(of(reader, "irretrievable"), `seed ${seed}`).toEqual([]);
    }
    const acks = of(far, "acknowledged").map((e) => e.messageId);
    expect(new Set(acks), `seed ${seed}`).toEqual(new Set(far.sent));
    expect(acks.length, `seed ${seed}`).toBe(far.sent.length);
    expect(of(far, "send-failed"), `seed ${seed}`).toEqual([]);
    const problems: string[] = [];
    checkReceiver(far, deps, sentMap(peers), problems);
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll(peers);
  });
});

describe("app limits: maxMessageAgeMs gives up, a later acknowledgement is acknowledged-after-failure (seed 7_300_131)", () => {
  it("send-failed (max-age) once, never acknowledged after it, then acknowledged-after-failure once", async () => {
    const seed = 7_300_131;
    const net = network(seed, { retentionMs: 24 * HOUR });
    const peers = [await peer(net, "lim", { maxMessageAgeMs: 60_000 }), await peer(net, "gone")];
    const [lim, gone] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("gone", true);
    const id = await say(lim, "only");
    await drive(net.clock, 5 * MINUTE, 500);
    const failed = of(lim, "send-failed");
    expect(
      failed.map((e) => [e.messageId, e.reason]),
      `seed ${seed}`,
    ).toEqual([[id, "max-age"]]);
    expect(lim.channel.outboxSize, `seed ${seed}`).toBe(0);
    net.setOffline("gone", false);
    await drive(net.clock, 3 * MINUTE);
    expect(receivedTexts(gone), `seed ${seed}: the store still brings it`).toEqual(["lim:only"]);
    expect(of(lim, "acknowledged"), `seed ${seed}`).toEqual([]);
    expect(
      of(lim, "acknowledged-after-failure").map((e) => e.messageId),
      `seed ${seed}`,
    ).toEqual([id]);
    await stopAll(peers);
  });
});

describe("more of the public API (seed 7_300_141)", () => {
  it("identical payloads get distinct ids and are both delivered; ephemerals; once() with a signal", async () => {
    const seed = 7_300_141;
    const net = network(seed);
    const peers = [await peer(net, "m1"), await peer(net, "m2")];
    const [m1, m2] = peers as [Peer, Peer];
    const a = await m1.channel.send(text("m1:s0"));
    const b = await m1.channel.send(text("m1:s0"));
    m1.sent.push(a, b);
    expect(a, `seed ${seed}`).not.toBe(b);
    await drive(net.clock, 10 * SECOND);
    expect(
      of(m2, "message-received").map((e) => e.messageId),
      `seed ${seed}`,
    ).toEqual([a, b]);
    const ephemeralId = await m1.channel.sendEphemeral(text("m1:typing"));
    await drive(net.clock, 2 * SECOND);
    expect(of(m2, "ephemeral-received").map((e) => [e.messageId, e.senderId, untext(e.payload)])).toEqual([
      [ephemeralId, "m1", "m1:typing"],
    ]);
    expect(of(m1, "ephemeral-received"), "never our own ephemerals").toEqual([]);
    expect(receivedTexts(m2), "an ephemeral is not a message").toEqual(["m1:s0", "m1:s0"]);
    net.setOffline("m1", true);
    await expect(m1.channel.sendEphemeral(text("m1:offline"))).rejects.toThrow();
    net.setOffline("m1", false);
    const controller = new AbortController();
    const pending = m2.channel.once("message-received", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeDefined();
    const next = m2.channel.once("message-received");
    await say(m1, "s1");
    await drive(net.clock, 5 * SECOND);
    expect(untext((await next).payload)).toBe("m1:s1");
    const unsubscribe = m2.channel.on("message-received", () => {
      throw new Error("unsubscribed listener called");
    });
    unsubscribe();
    await say(m1, "s2");
    await drive(net.clock, 5 * SECOND);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

describe("newcomers and an offline sender's outbox (seed 7_300_151)", () => {
  it("a newcomer never delivers what was sent before its join, even if published after it; it delivers what came after", async () => {
    const seed = 7_300_151;
    const net = network(seed, { retentionMs: 24 * HOUR });
    const deps = wireDeps(net);
    const old = [await peer(net, "s"), await peer(net, "r")];
    const [s, r] = old as [Peer, Peer];
    await say(s, "a0");
    await drive(net.clock, 10 * SECOND);
    net.setOffline("s", true);
    await say(s, "a1"); // before the newcomer's join, published after it
    await say(s, "a2");
    await drive(net.clock, MINUTE);
    const beforeJoin = new Set(s.sent);
    const n = await peer(net, "n");
    await drive(net.clock, MINUTE);
    await say(s, "a3"); // after the join, still offline
    await say(r, "b0");
    await drive(net.clock, 2 * MINUTE);
    net.setOffline("s", false);
    await drive(net.clock, 30 * SECOND);
    await say(s, "a4");
    await drive(net.clock, 3 * MINUTE);
    expect(receivedTexts(n).sort(), `seed ${seed}`).toEqual(["r:b0", "s:a3", "s:a4"]);
    expect(receivedTexts(r), `seed ${seed}`).toEqual(["s:a0", "s:a1", "s:a2", "s:a3", "s:a4"]);
    expect(of(n, "irretrievable"), `seed ${seed}`).toEqual([]);
    const problems: string[] = [];
    checkReceiver(n, deps, sentMap([...old, n]), problems, beforeJoin);
    for (const p of old) checkEndings(p, problems);
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll([...old, n]);
  });

  it("a newcomer that crashes 100 ms after its first start (before any checkpoint) misses nothing sent after it (seed 7_300_152)", async () => {
    const seed = 7_300_152;
    const net = network(seed, { retentionMs: 24 * HOUR, latency: { minMs: 200, maxMs: 300 } });
    const deps = wireDeps(net);
    const old = [await peer(net, "s")];
    const [s] = old as [Peer];
    await say(s, "c0");
    await drive(net.clock, 10 * SECOND);
    const volume = createMemoryVolume();
    const storage = crashable(memoryStorage({ volume }));
    const events: Event[] = [];
    const first = await open(net, "n", { autoStart: false, storage });
    recordInto(first, events, net.clock);
    await first.start();
    await drive(net.clock, 20, 10);
    await say(s, "c1"); // sent after n joined, in flight when it crashes
    await drive(net.clock, 80, 10);
    await storage.crash();
    await net.transport("n")?.stop();
    await drive(net.clock, 30 * SECOND);
    const second = await open(net, "n", { autoStart: false, storage: memoryStorage({ volume }) }, "n#2");
    recordInto(second, events, net.clock);
    await second.start();
    await say(s, "c2");
    await drive(net.clock, 2 * MINUTE);
    const n: Peer = { id: "n", channel: second, events, sent: [] };
    expect(receivedTexts(n), `seed ${seed}`).toEqual(["s:c1", "s:c2"]);
    const problems: string[] = [];
    checkReceiver(n, deps, sentMap([...old, n]), problems, new Set(s.sent.slice(0, 1)));
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll([s, n]);
  });
});

describe("a reader toggled offline during slow catch-ups of 300 stored messages (seeds 7_300_161..162)", () => {
  for (const seed of [7_300_161, 7_300_162]) {
    it(`seed ${seed}: never synced before a catch-up since the last reconnect completed; all delivered once`, async () => {
      const net = network(seed, { retentionMs: 24 * HOUR, retrieveDelayMs: 400, loss: 0.1 });
      const deps = wireDeps(net);
      const peers = [await peer(net, "w1"), await peer(net, "w2"), await peer(net, "rr")];
      const [w1, w2, rr] = peers as [Peer, Peer, Peer];
      await drive(net.clock, 3 * SECOND);
      net.setOffline("rr", true);
      for (let i = 0; i < 300; i += 1) {
        await say(i % 3 === 0 ? w2 : w1, `z${i}`);
        if (i % 20 === 0) await drive(net.clock, 5 * SECOND, 500);
      }
      await drive(net.clock, 2 * MINUTE, 500);
      const random = createSeededRandom(seed);
      const transitions: number[] = [];
      for (let k = 0; k < 12; k += 1) {
        net.setOffline("rr", false);
        transitions.push(rr.events.length);
        await drive(net.clock, 100 + random.int(1_500), 50);
        net.setOffline("rr", true);
        await drive(net.clock, 100 + random.int(3_000), 50);
      }
      net.setOffline("rr", false);
      transitions.push(rr.events.length);
      await drive(net.clock, 5 * MINUTE, 250);
      // After each reconnect, no `synced` before a `caught-up`.
      const problems: string[] = [];
      for (const from of transitions) {
        let caught = false;
        for (const e of rr.events.slice(from)) {
          if (e.type === "caught-up") caught = true;
          const status = e.type === "sync-status" ? (e.detail as { status: string }).status : undefined;
          if (status === "offline") break;
          if (status === "synced" && !caught) {
            problems.push(`synced before the catch-up after the reconnect at event ${from}`);
            break;
          }
        }
      }
      expect(problems, `seed ${seed}`).toEqual([]);
      expectFullDelivery(seed, peers, deps);
      await stopAll(peers);
    });
  }
});

describe("slow publishes aborted by going offline (seeds 7_300_171..172)", () => {
  for (const seed of [7_300_171, 7_300_172]) {
    it(`seed ${seed}: every sent follows its sending; replays keep send order; exactly once`, async () => {
      const net = network(seed, { retentionMs: 24 * HOUR, publishDelayMs: 300, loss: 0.1, reorder: 0.2 });
      const deps = wireDeps(net);
      const peers = [await peer(net, "slow"), await peer(net, "ear")];
      const [slow] = peers as [Peer, Peer];
      const random = createSeededRandom(seed);
      await drive(net.clock, 3 * SECOND);
      for (let i = 0; i < 30; i += 1) {
        await say(slow, `p${i}`);
        if (random.next() < 0.3) {
          await drive(net.clock, random.int(400), 10);
          net.setOffline("slow", true);
          await drive(net.clock, random.int(20_000), 250);
          net.setOffline("slow", false);
        }
        await drive(net.clock, random.int(300), 10);
      }
      await drive(net.clock, 10 * MINUTE, 250);
      expectFullDelivery(seed, peers, deps);
      const problems: string[] = [];
      const started = new Set<string>();
      for (const e of slow.events) {
        if (e.type !== "sending" && e.type !== "sent") continue;
        const { messageId, attempt } = e.detail as { messageId: string; attempt: number };
        if (e.type === "sending") started.add(`${messageId}/${attempt}`);
        else if (!started.has(`${messageId}/${attempt}`))
          problems.push(`sent ${attempt} of ${messageId.slice(0, 8)} without sending`);
      }
      // First attempts go out in send order. (An attempt cut short by going offline is not counted: the
      // next one is `attempt: 1` again, so `sending` may repeat an attempt number.)
      const firsts = [...new Set(of(slow, "sending").map((e) => e.messageId))];
      expect(firsts, `seed ${seed}`).toEqual(slow.sent);
      expect(problems, `seed ${seed}`).toEqual([]);
      await stopAll(peers);
    });
  }
});

/** A storage whose commits fail (StorageError) while `failing` says so. */
function flaky(inner: Storage, failing: () => boolean): Storage {
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

describe("a receiver whose storage fails commits now and then (seeds 7_300_181..183)", () => {
  for (const seed of [7_300_181, 7_300_182, 7_300_183]) {
    it(`seed ${seed}: error events, a restart from storage, and still everything exactly once`, async () => {
      const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
      const deps = wireDeps(net);
      const random = createSeededRandom(seed);
      let failingUntil = 0;
      const storage = flaky(memoryStorage(), () => net.clock.now() < failingUntil);
      const peers = [await peer(net, "f1"), await peer(net, "f2"), await peer(net, "fl", { storage })];
      const [f1, f2, fl] = peers as [Peer, Peer, Peer];
      await drive(net.clock, 3 * SECOND);
      for (let i = 0; i < 40; i += 1) {
        await say(i % 2 === 0 ? f1 : f2, `g${i}`);
        if (random.next() < 0.15) failingUntil = net.clock.now() + random.int(2_000);
        await drive(net.clock, random.int(3_000), 50);
      }
      failingUntil = 0;
      await drive(net.clock, 10 * MINUTE, 250);
      expect(of(fl, "error").length, `seed ${seed}: the failures were seen`).toBeGreaterThan(0);
      expect(fl.channel.state, `seed ${seed}`).toBe("started");
      expectFullDelivery(seed, peers, deps);
      await stopAll(peers);
    });
  }
});

describe("segmented payloads through an offline spell and loss (seed 7_300_191)", () => {
  it("a 350 KB payload reaches a reader that was offline, once, byte for byte", async () => {
    const seed = 7_300_191;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.2 });
    const peers = [await peer(net, "big"), await peer(net, "away")];
    const [big, away] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("away", true);
    const random = createSeededRandom(seed);
    const payload = new Uint8Array(350_000);
    for (let i = 0; i < payload.length; i += 1) payload[i] = random.int(256);
    const id = await big.channel.send(payload);
    await big.channel.send(text("big:t1"));
    await drive(net.clock, 5 * MINUTE, 1_000);
    net.setOffline("away", false);
    await drive(net.clock, 5 * MINUTE, 250);
    const got = of(away, "message-received");
    expect(got.length, `seed ${seed}`).toBe(2);
    expect(got[0]?.messageId, `seed ${seed}`).toBe(id);
    expect(Buffer.from(got[0]?.payload ?? []).equals(Buffer.from(payload)), `seed ${seed}`).toBe(true);
    expect(untext(got[1]?.payload ?? new Uint8Array()), `seed ${seed}`).toBe("big:t1");
    const full = of(big, "acknowledged").filter(
      (e) => e.messageId === id && e.segment?.done === e.segment?.total,
    );
    expect(full.length, `seed ${seed}: acknowledged in full once`).toBe(1);
    expect(of(big, "send-failed"), `seed ${seed}`).toEqual([]);
    await stopAll(peers);
  });
});

describe("a roster with a member away for an hour (seed 7_300_201)", () => {
  it("delivered-to-all once per message after the member is back; the watermark only moves forward", async () => {
    const seed = 7_300_201;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const members = ["ra", "rb", "rc"];
    const peers: Peer[] = [];
    for (const id of members) peers.push(await peer(net, id, { members }));
    const [ra, , rc] = peers as [Peer, Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("rc", true);
    for (let i = 0; i < 10; i += 1) {
      await say(ra, `d${i}`);
      await drive(net.clock, 6 * MINUTE, 1_000);
    }
    expect(of(ra, "delivered-to-all"), `seed ${seed}: rc has none of them`).toEqual([]);
    net.setOffline("rc", false);
    await drive(net.clock, 5 * MINUTE, 250);
    expect(receivedTexts(rc).length, `seed ${seed}`).toBe(10);
    const toAll = of(ra, "delivered-to-all").map((e) => e.messageId);
    expect(new Set(toAll).size, `seed ${seed}`).toBe(toAll.length);
    expect(new Set(toAll), `seed ${seed}`).toEqual(new Set(ra.sent));
    const marks = of(ra, "stability-watermark").map((e) => e.stable);
    expect(marks, `seed ${seed}`).toEqual([...marks].sort((x, y) => x - y));
    expect(ra.channel.stabilityWatermark?.messageId, `seed ${seed}`).toBe(ra.sent.at(-1));
    await stopAll(peers);
  });
});

describe("the restart after a failed commit, seen from the app (seed 7_300_211)", () => {
  it("error event; while it restarts, state is stopped and send rejects with NotStartedError; start() waits for it", async () => {
    const seed = 7_300_211;
    const net = network(seed);
    let failing = false;
    const peers = [
      await peer(net, "ok"),
      await peer(net, "fx", { storage: flaky(memoryStorage(), () => failing) }),
    ];
    const [ok, fx] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    failing = true;
    await say(ok, "i0"); // fx's delivery commit fails
    await drive(net.clock, 200, 10);
    failing = false;
    expect(
      of(fx, "error").map((e) => e.operation),
      `seed ${seed}`,
    ).toEqual(["storage commit"]);
    expect(fx.channel.state, `seed ${seed}`).toBe("stopped");
    await expect(fx.channel.send(text("fx:j0"))).rejects.toBeInstanceOf(NotStartedError);
    const restarted = fx.channel.start();
    await drive(net.clock, 2 * SECOND);
    await restarted;
    expect(fx.channel.state, `seed ${seed}`).toBe("started");
    await say(fx, "j1");
    await drive(net.clock, MINUTE);
    expect(receivedTexts(fx), `seed ${seed}: i0 is received again after the restart`).toEqual(["ok:i0"]);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

// KNOWN DEFECT, not fixed here (a design decision for the lead): the join point is the newcomer's own clock
// at its first start, and a live message is judged against it by its Lamport timestamp, which is its
// sender's clock. When the newcomer's clock runs ahead of the sender's by d (or the sender's runs behind),
// every message sent in the first d after the join is taken for history from before the join: never
// delivered and never reported — lost silently, against promise 1 (and 5: "its first live message is
// delivered as soon as ..."). Seen: 2 s ahead loses the first message (sent 0.5 s after the join); 20 s
// ahead loses all six sent in the first 18.5 s. A sender 5 s behind loses its messages of the first 5 s
// the same way. Possible fixes: a join point lowered by a skew margin (then a few seconds from before the
// join are delivered), or a join point taken from the Lamport clock the newcomer first hears.
describe("clock skew at a newcomer's join (seeds 7_300_221..223)", () => {
  for (const [seed, newcomerSkewMs, senderSkewMs] of [
    [7_300_221, 2_000, 0],
    [7_300_222, 20_000, 0],
    [7_300_223, 0, -5_000],
  ] as const) {
    it.fails(`seed ${seed}: newcomer's clock ${newcomerSkewMs} ms off, a sender's ${senderSkewMs} ms: what is sent after the join reaches it`, async () => {
      const net = network(seed, { retentionMs: 24 * HOUR });
      const skewed = (offset: number) => ({
        now: () => net.clock.now() + offset,
        setTimeout: net.clock.setTimeout.bind(net.clock),
      });
      const old = [await peer(net, "k1", { clock: skewed(senderSkewMs) }), await peer(net, "k2")];
      const [k1, k2] = old as [Peer, Peer];
      await say(k1, "q0");
      await drive(net.clock, 10 * SECOND);
      const nk = await peer(net, "nk", { clock: skewed(newcomerSkewMs) });
      await drive(net.clock, 500);
      for (let i = 1; i <= 6; i += 1) {
        await say(i % 2 === 0 ? k2 : k1, `q${i}`);
        await drive(net.clock, 3 * SECOND);
      }
      await drive(net.clock, 2 * MINUTE);
      expect(receivedTexts(nk), `seed ${seed}`).toEqual([
        "k1:q1",
        "k2:q2",
        "k1:q3",
        "k2:q4",
        "k1:q5",
        "k2:q6",
      ]);
      await stopAll([...old, nk]);
    });
  }
});

describe("an outbox across a restart while offline, with more sends before the reconnect (seed 7_300_231)", () => {
  it("the stored outbox and the new sends go out in one send order, each delivered once", async () => {
    const seed = 7_300_231;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const deps = wireDeps(net);
    const volume = createMemoryVolume();
    const peers = [await peer(net, "os", { storage: memoryStorage({ volume }) }), await peer(net, "or")];
    const [os] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("os", true);
    for (let i = 0; i < 5; i += 1) await say(os, `u${i}`);
    await os.channel.stop();
    await drive(net.clock, 10 * MINUTE, 1_000);
    await os.channel.start();
    for (let i = 5; i < 8; i += 1) await say(os, `u${i}`);
    await drive(net.clock, 5 * MINUTE, 1_000);
    net.setOffline("os", false);
    await drive(net.clock, 3 * MINUTE);
    expectFullDelivery(seed, peers, deps);
    const order = [...new Set(of(os, "sending").map((e) => e.messageId))];
    expect(order, `seed ${seed}`).toEqual(os.sent);
    await stopAll(peers);
  });
});

describe("history { last } while an offline sender's older messages are published after the join (seed 7_300_241)", () => {
  it("the newcomer gets the last 3 messages before its join in causal order, marked history, then the live ones", async () => {
    const seed = 7_300_241;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const deps = wireDeps(net);
    const old = [await peer(net, "hs"), await peer(net, "ht")];
    const [hs, ht] = old as [Peer, Peer];
    for (let i = 0; i < 4; i += 1) {
      await say(ht, `v${i}`);
      await drive(net.clock, 5 * SECOND);
    }
    net.setOffline("hs", true);
    await say(hs, "v4"); // before the join, published only after it
    await drive(net.clock, 5 * SECOND);
    const beforeJoin = new Set([...hs.sent, ...ht.sent]);
    const nh = await peer(net, "nh", { history: { last: 3 } });
    await drive(net.clock, 20 * SECOND);
    net.setOffline("hs", false);
    await drive(net.clock, 20 * SECOND);
    await say(ht, "v5");
    await say(hs, "v6");
    await drive(net.clock, 3 * MINUTE);
    const got = of(nh, "message-received");
    const live = got.filter((e) => e.history !== true).map((e) => untext(e.payload));
    expect(live.sort(), `seed ${seed}`).toEqual(["hs:v6", "ht:v5"]);
    // The last 3 the store held at the join (v1..v3), and v4, from before the join but published after it:
    // it falls inside the history window, so `last: 3` brings 4 here. Reported as a note, not a defect.
    expect(
      got.filter((e) => e.history === true).map((e) => untext(e.payload)),
      `seed ${seed}`,
    ).toEqual(["ht:v1", "ht:v2", "ht:v3", "hs:v4"]);
    expect(of(nh, "irretrievable"), `seed ${seed}`).toEqual([]);
    const problems: string[] = [];
    checkReceiver(nh, deps, sentMap([...old, nh]), problems, beforeJoin);
    for (const p of old) checkEndings(p, problems);
    expect(problems, `seed ${seed}`).toEqual([]);
    await stopAll([...old, nh]);
  });
});

describe("six participants in three islands, one offline throughout, SDS-R on (seed 7_300_251)", () => {
  it("after the heal and the return, everyone has everything once, in causal order", async () => {
    const seed = 7_300_251;
    const net = network(seed, { retentionMs: 6 * HOUR, loss: 0.2, duplication: 0.1, reorder: 0.2 });
    const deps = wireDeps(net);
    const ids = ["i1", "i2", "i3", "i4", "i5", "i6"];
    const peers: Peer[] = [];
    for (const id of ids) peers.push(await peer(net, id, { repair: sdsRepair() }));
    const random = createSeededRandom(seed);
    await drive(net.clock, 2 * SECOND);
    net.partition(["i1", "i2"], ["i3", "i4", "i5", "i6"]);
    net.partition(["i3", "i4"], ["i5", "i6"]);
    net.setOffline("i6", true);
    for (let i = 0; i < 48; i += 1) {
      await say(peers[random.int(6)] as Peer, `k${i}`);
      await drive(net.clock, random.int(30_000), 500);
    }
    net.heal();
    await drive(net.clock, 2 * MINUTE, 250);
    net.setOffline("i6", false);
    await drive(net.clock, 10 * MINUTE, 250);
    expectFullDelivery(seed, peers, deps);
    await stopAll(peers);
  });
});
