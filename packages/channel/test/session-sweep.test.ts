import type { MessageId, Storage } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type HistoryRequest, type ReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";
import { type Recorder, record } from "./helpers/recorder.js";
import { recordDeps } from "./helpers/scenario.js";

// A randomized sweep at the level of sessions, on top of packet faults: participants whose transport goes
// offline (and who keep sending), participants that stop and restart from their storage, newcomers that
// join mid-conversation (some asking for history). Every seed must keep the whole promise: each message
// sent after a participant joined is delivered to it exactly once, in causal order, never a message from
// before its join (unless asked for), nothing irretrievable (all within retention), and every sent message
// ends exactly once, acknowledged.

const WINDOW_MS = 120_000;

interface Participant {
  readonly id: string;
  readonly storage: Storage;
  readonly joinedAt: number;
  readonly history: HistoryRequest | undefined;
  channel: ReliableChannel;
  /** Recorders of every session, in order. */
  readonly recorders: Recorder[];
}

async function open(net: MemoryNetwork, p: Omit<Participant, "channel" | "recorders">, seed: number) {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: p.id,
    transport: net.transport(p.id) ?? net.join(p.id),
    storage: p.storage,
    clock: net.clock,
    random: createSeededRandom(seed),
    autoStart: false,
    ...(p.history === undefined ? {} : { history: p.history }),
  });
  const recorder = record(channel);
  await channel.start();
  return { channel, recorder };
}

async function runSessions(seed: number) {
  const random = createSeededRandom(seed);
  const net = createMemoryNetwork({
    seed,
    loss: 0.15,
    duplication: 0.05,
    reorder: 0.1,
    latency: { minMs: 10, maxMs: 80 },
    retentionMs: 3_600_000,
  });
  const deps = recordDeps(net);
  const start = net.clock.now();
  const participants: Participant[] = [];
  let sessions = 0;
  const add = async (id: string, history: HistoryRequest | undefined) => {
    const base = { id, storage: memoryStorage(), joinedAt: net.clock.now(), history };
    const { channel, recorder } = await open(net, base, seed * 100 + sessions++);
    participants.push({ ...base, channel, recorders: [recorder] });
  };
  for (const id of ["a", "b", "c"]) await add(id, undefined);
  const sentBy = new Map<MessageId, string>();
  const sentAt = new Map<MessageId, number>();
  const at = (ms: number, action: () => void | Promise<void>) =>
    net.clock.setTimeout(() => void action(), start + ms - net.clock.now());
  // Sessions: one offline spell, one stop/restart, one or two newcomers.
  const offline = ["a", "b", "c"][Math.floor(random.next() * 3)] ?? "a";
  const offFrom = 5_000 + random.next() * 60_000;
  at(offFrom, () => net.setOffline(offline, true));
  at(offFrom + 10_000 + random.next() * 40_000, () => net.setOffline(offline, false));
  const restarted = ["a", "b", "c"].filter((id) => id !== offline)[Math.floor(random.next() * 2)] ?? "b";
  const stopAt = 10_000 + random.next() * 70_000;
  at(stopAt, async () => {
    const p = participants.find((x) => x.id === restarted);
    await p?.channel.stop();
  });
  at(stopAt + 5_000 + random.next() * 25_000, async () => {
    const p = participants.find((x) => x.id === restarted);
    if (p === undefined) return;
    const { channel, recorder } = await open(net, p, seed * 100 + sessions++);
    p.channel = channel;
    p.recorders.push(recorder);
  });
  const histories: (HistoryRequest | undefined)[] = [undefined, { last: 3 }];
  const newcomers = 1 + Math.floor(random.next() * 2);
  for (let i = 0; i < newcomers; i += 1) {
    const history = histories[Math.floor(random.next() * 2)];
    at(20_000 + random.next() * 80_000, () => add(`n${i}`, history));
  }
  for (let k = 0; k < 40; k += 1) {
    at(1 + (k * WINDOW_MS) / 40, async () => {
      const started = participants.filter((p) => p.channel.state === "started");
      const sender = started[Math.floor(random.next() * started.length)];
      if (sender === undefined) return;
      // The time the message was created (its Lamport timestamp), not when `send` resolved.
      const createdAt = net.clock.now();
      const id = await sender.channel.send(text(`${sender.id}#${k}`));
      sentBy.set(id, sender.id);
      sentAt.set(id, createdAt);
    });
  }
  await drive(net.clock, WINDOW_MS + 60_000, 100);
  await drive(net.clock, 15 * 60_000, 1_000);
  await Promise.all(participants.map((p) => p.channel.stop()));
  return { participants, sentBy, sentAt, deps };
}

type Run = Awaited<ReturnType<typeof runSessions>>;

function violations(run: Run): string[] {
  const problems: string[] = [];
  for (const p of run.participants) {
    const events = p.recorders.flatMap((r) => r.events);
    const received = events
      .filter((e) => e.type === "message-received")
      .map((e) => e.detail as { messageId: MessageId; history?: true });
    const position = new Map<MessageId, number>();
    received.forEach(({ messageId }, index) => {
      if (position.has(messageId)) problems.push(`${p.id} delivered ${messageId.slice(0, 8)} twice`);
      position.set(messageId, index);
    });
    for (const [id, sender] of run.sentBy) {
      const before = (run.sentAt.get(id) ?? 0) < p.joinedAt;
      if (sender === p.id) continue;
      if (!before && !position.has(id)) problems.push(`${p.id} never got ${id.slice(0, 8)} from ${sender}`);
      const historic = received.find((r) => r.messageId === id)?.history === true;
      if (before && position.has(id) && (p.history === undefined || !historic))
        problems.push(`${p.id} delivered ${id.slice(0, 8)} from before its join`);
    }
    for (const { messageId } of received) {
      for (const dep of run.deps.get(messageId) ?? []) {
        const sender = run.sentBy.get(dep);
        if (sender === undefined || sender === p.id || (run.sentAt.get(dep) ?? 0) < p.joinedAt) continue;
        const depAt = position.get(dep);
        if (depAt === undefined || depAt > (position.get(messageId) ?? 0))
          problems.push(`${p.id} delivered ${messageId.slice(0, 8)} before ${dep.slice(0, 8)}`);
      }
    }
    // Each sender's messages in its send order (their creation times increase with it).
    const lastBySender = new Map<string, number>();
    for (const { messageId } of received) {
      const sender = run.sentBy.get(messageId) ?? "";
      const at = run.sentAt.get(messageId) ?? 0;
      if (at < (lastBySender.get(sender) ?? Number.NEGATIVE_INFINITY))
        problems.push(`${p.id} delivered ${messageId.slice(0, 8)} out of ${sender}'s send order`);
      lastBySender.set(sender, at);
    }
    if (events.some((e) => e.type === "irretrievable")) problems.push(`${p.id} reported irretrievable`);
    const endings = new Map<MessageId, string[]>();
    for (const e of events) {
      if (e.type !== "acknowledged" && e.type !== "send-failed") continue;
      const id = (e.detail as { messageId: MessageId }).messageId;
      endings.set(id, [...(endings.get(id) ?? []), e.type]);
    }
    for (const [id, sender] of run.sentBy) {
      if (sender !== p.id) continue;
      const ended = endings.get(id) ?? [];
      if (ended.length !== 1 || ended[0] !== "acknowledged")
        problems.push(`${p.id}'s ${id.slice(0, 8)} ended ${JSON.stringify(ended)}`);
    }
  }
  return problems;
}

describe("session sweep: offline spells, restarts and newcomers on top of packet faults", () => {
  // SESSION_SWEEP_SEEDS=<first>:<count> sweeps other seeds (e.g. a wider run before a release).
  const [first, count] = (process.env.SESSION_SWEEP_SEEDS ?? "7000:24").split(":").map(Number);
  const seeds = Array.from({ length: count ?? 24 }, (_, i) => (first ?? 7_000) + i);
  it.each(seeds)(
    "seed %i: exactly once, causal order, nothing from before a join, one ending each",
    async (seed) => {
      const run = await runSessions(seed);
      expect(run.sentBy.size, `seed ${seed}`).toBeGreaterThan(30);
      expect(violations(run), `seed ${seed}`).toEqual([]);
    },
  );
});
