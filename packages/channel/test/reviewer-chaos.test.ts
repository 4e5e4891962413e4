import type { ReliableChannel } from "@reliable-channel/channel";
import { type MessageId, NotStartedError, type Storage, StorageError } from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { createSeededRandom, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import {
  checkEndings,
  checkReceiver,
  crashable,
  drive,
  type Event,
  expectFullDelivery,
  flaky,
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
  text,
  wireDeps,
} from "./helpers/reviewer-harness.js";

// Reviewer scenarios (public API only): failing storage commits, and a seeded chaos sweep of crashes,
// restarts, offline spells, partitions and a newcomer (REVIEW_SWEEP_SEEDS=<first>:<count> for other seeds).

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
