import { sdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import {
  checkEndings,
  checkReceiver,
  crashable,
  drive,
  type Event,
  expectFullDelivery,
  HOUR,
  MINUTE,
  network,
  type Options,
  of,
  open,
  type Peer,
  peer,
  receivedTexts,
  recordInto,
  SECOND,
  say,
  sentMap,
  stopAll,
  untext,
  wireDeps,
} from "./helpers/reviewer-harness.js";

// An independent reviewer's scenarios, written against the public API only (the packages' index exports
// and what their READMEs promise): long offline spells, reconnect storms, late joiners within and past
// the store's retention, a sender that crashes with a full outbox while everyone else is offline,
// partitions, duplicate- and reorder-heavy networks. Every run is on the memory network's virtual clock
// with a fresh seed, printed when an assertion fails. The other reviewer-*.test.ts files hold more.

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
