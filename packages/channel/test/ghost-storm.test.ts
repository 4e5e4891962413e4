import type { Transport } from "@reliable-channel/interfaces";
import { encodeSdsMessage } from "@reliable-channel/sds";
import { createSdsRepair, type SdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";

// Issue 16, finding 5: SDS-R must not turn ghost causal histories into a storm. Mallory (a sender the
// peers already know) publishes 4 content messages naming 1,300 random ids each (5,200 ids no one has);
// three honest peers run SDS-R over a relay without a store, so nothing settles the ghosts but time and
// SDS-R (with a store, the gap scan gives them up before SDS-R's first request is due).

const CHANNEL = "room";
const GHOSTS_PER_MESSAGE = 1_300;

async function scene(seed: number) {
  const network = createMemoryNetwork({ seed, latency: { minMs: 10, maxMs: 30 } });
  const repairs: SdsRepair[] = [];
  const peers = [];
  for (const id of ["p0", "p1", "p2"]) {
    const inner = network.join(id);
    const relayOnly: Transport = {
      start: () => inner.start(),
      stop: () => inner.stop(),
      publish: (bytes, options) => inner.publish(bytes, options),
      subscribe: (listener) => inner.subscribe(listener),
    };
    const repair = createSdsRepair({ participantId: id });
    repairs.push(repair);
    const channel = await createReliableChannel({
      channelId: CHANNEL,
      participantId: id,
      transport: relayOnly,
      clock: network.clock,
      random: createSeededRandom(seed * 10 + peers.length),
      repair: () => repair,
    });
    peers.push({ id, channel });
  }
  const mallory = network.join("mallory");
  await mallory.start();
  return { network, peers, repairs, mallory };
}

describe("ghost causal histories with SDS-R (seed 1605)", () => {
  it("do not make honest peers publish a storm", async () => {
    const seed = 1605;
    const { network, peers, repairs, mallory } = await scene(seed);
    const published = new Map<string, { count: number; bytes: number }>();
    network.events.on("published", ({ from, size }) => {
      const p = published.get(from) ?? { count: 0, bytes: 0 };
      published.set(from, { count: p.count + 1, bytes: p.bytes + size });
    });
    const random = createSeededRandom(seed);
    const hex = (n: number) => Array.from(random.bytes(n), (b) => b.toString(16).padStart(2, "0")).join("");
    const from = (causalHistory: { messageId: string; retrievalHint: Uint8Array }[], content: string) =>
      encodeSdsMessage({
        channelId: CHANNEL,
        senderId: "mallory",
        messageId: hex(32),
        lamportTimestamp: BigInt(network.clock.now()),
        causalHistory,
        repairRequest: [],
        content: text(content),
      });
    for (const [i, peer] of peers.entries()) await peer.channel.send(text(`hello ${i}`));
    // A sender's first message is its first contact (what it names lies before the join frontier).
    await mallory.publish(from([], "hi"));
    for (let m = 0; m < 4; m += 1) {
      await drive(network.clock, 1_000, 50);
      const ghosts = Array.from({ length: GHOSTS_PER_MESSAGE }, () => ({
        messageId: hex(32),
        retrievalHint: random.bytes(32),
      }));
      await mallory.publish(from(ghosts, `ghost ${m}`));
    }
    await drive(network.clock, 440_000, 500);
    const honest = peers.map((p) => published.get(p.id) ?? { count: 0, bytes: 0 });
    const total = honest.reduce((a, p) => ({ count: a.count + p.count, bytes: a.bytes + p.bytes }), {
      count: 0,
      bytes: 0,
    });
    const requests = repairs.map((r) => r.stats().requestsSent);
    const context = `seed ${seed}: ${JSON.stringify({ honest, requests })}`;
    for (const p of peers) await p.channel.stop();
    // Before the per-namer share and the request budget: 2,736 messages, 50.5 MiB. Without SDS-R the same
    // scene is about a hundred messages; SDS-R may add its bounded share of requests, no more.
    expect(total.count, context).toBeLessThan(200);
    expect(total.bytes, context).toBeLessThan(4 * 2 ** 20);
    expect(Math.min(...requests), context).toBeGreaterThan(0); // SDS-R did ask: the ghosts were missing
  });
});
