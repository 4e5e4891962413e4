import type { Storage } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { describe, expect, it } from "vitest";
import {
  createLimitedGroup,
  deliveredOnceInOrder,
  type LimitedMember,
  openMember,
  peakPerEpoch,
  runUntil,
} from "./channel-group.js";
import { text } from "./helpers.js";

const QUOTA = { messagesPerEpoch: 10, epochMs: 10_000 };
const seedOf = (name: string): number => Number(process.env.RATE_LIMIT_SEED ?? name.length * 7 + 3);

/** Sends `count` messages from `member` at once; returns the payloads in send order. */
async function burst(member: LimitedMember, count: number, tag = ""): Promise<string[]> {
  const payloads = Array.from({ length: count }, (_, i) => `${member.id}:${tag}${i}`);
  await Promise.all(payloads.map((payload) => member.channel.send(text(payload))));
  return payloads;
}

describe("channels behind rate-limited transports, on the memory network", () => {
  it("a burst of 10× the quota: no rejection, every message once and in order, ephemerals shed only when the quota is reached", async () => {
    const seed = seedOf("burst");
    const { network, members } = await createLimitedGroup({ seed, size: 3, quota: QUOTA });
    const [alice, bob, carol] = members;
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error("three members");
    // Below the threshold an ephemeral goes out.
    await alice.channel.sendEphemeral(text("typing"));
    const sent = new Map([[alice.id, await burst(alice, 10 * QUOTA.messagesPerEpoch)]]);
    // Once the burst used the epoch's quota, content waits: ephemerals are dropped (reached).
    await runUntil(network.clock, () => alice.transport.usage().queued > 0, QUOTA.epochMs, 1);
    await expect(alice.channel.sendEphemeral(text("typing"))).rejects.toMatchObject({ reason: "reached" });
    const done = () => [bob, carol].every((m) => deliveredOnceInOrder(m.received, sent));
    const ok = await runUntil(network.clock, done, 40 * QUOTA.epochMs);
    expect(ok, `seed ${seed}`).toBe(true);
    for (const member of members) {
      expect(member.network.rejections, `seed ${seed}`).toBe(0);
      expect(peakPerEpoch(member), `seed ${seed}`).toBeLessThanOrEqual(QUOTA.messagesPerEpoch);
      for (const drop of member.drops) expect(drop.reason === "reached" || drop.used >= 9).toBe(true);
    }
    expect(alice.drops).toHaveLength(1);
    for (const member of members) await member.channel.stop();
  });

  it("a reconnect replay of 200 queued messages: no rejection, every message once and in order", async () => {
    const seed = seedOf("replay");
    const { network, members } = await createLimitedGroup({ seed, size: 3, quota: QUOTA });
    const [alice, bob, carol] = members;
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error("three members");
    network.setOffline(alice.id, true);
    const sent = new Map([[alice.id, await burst(alice, 200)]]);
    await runUntil(network.clock, () => false, 60_000);
    expect(alice.channel.outboxSize).toBe(200);
    network.setOffline(alice.id, false);
    const done = () => [bob, carol].every((m) => deliveredOnceInOrder(m.received, sent));
    const ok = await runUntil(network.clock, done, 60 * QUOTA.epochMs);
    expect(ok, `seed ${seed}`).toBe(true);
    for (const member of members) {
      expect(member.network.rejections, `seed ${seed}`).toBe(0);
      expect(peakPerEpoch(member), `seed ${seed}`).toBeLessThanOrEqual(QUOTA.messagesPerEpoch);
    }
    for (const member of members) await member.channel.stop();
  });

  it("a restart mid-epoch does not burst again: the usage comes back from storage; no rejection, nothing lost", async () => {
    const seed = seedOf("restart");
    const storages = new Map<string, Storage>();
    const storage = (id: string): Storage => {
      const existing = storages.get(id) ?? memoryStorage();
      storages.set(id, existing);
      return existing;
    };
    const init = { seed, size: 2, quota: QUOTA, storage };
    const { network, members } = await createLimitedGroup(init);
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("two members");
    // Into the middle of an epoch, then more than a quota at once.
    await runUntil(
      network.clock,
      () => network.clock.now() % QUOTA.epochMs >= QUOTA.epochMs / 2,
      QUOTA.epochMs,
    );
    const first = await burst(alice, 15, "a");
    await runUntil(network.clock, () => alice.transport.usage().used >= 8, QUOTA.epochMs / 4, 10);
    expect(network.clock.now() % QUOTA.epochMs).toBeGreaterThanOrEqual(QUOTA.epochMs / 2);
    await alice.channel.stop();
    const restarted = await openMember(alice, alice.inner, {
      init,
      clock: network.clock,
      storage: storage(alice.id),
      seed: seed * 1_000 + 99,
    });
    expect(restarted.transport.usage().used).toBeGreaterThanOrEqual(8);
    const sent = new Map([[alice.id, [...first, ...(await burst(restarted, 15, "b"))]]]);
    const ok = await runUntil(
      network.clock,
      () => deliveredOnceInOrder(bob.received, sent),
      20 * QUOTA.epochMs,
    );
    expect(ok, `seed ${seed}`).toBe(true);
    expect(alice.network.rejections, `seed ${seed}`).toBe(0);
    expect(peakPerEpoch(alice), `seed ${seed}`).toBeLessThanOrEqual(QUOTA.messagesPerEpoch);
    await restarted.channel.stop();
    await bob.channel.stop();
  });
});
