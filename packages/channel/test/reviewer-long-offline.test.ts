import type { MessageId } from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
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

// Reviewer scenarios (public API only): readers and senders away longer than the retention or for days,
// app limits, newcomers beside an offline sender's outbox, slow catch-ups and publishes cut by reconnects.

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
