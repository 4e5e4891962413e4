import { memoryStorage } from "@reliable-channel/storage-memory";
import { createVirtualClock, type VirtualClock } from "@reliable-channel/transport-memory";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { deliveredOnceInOrder } from "./channel-group.js";
import { connectivityIs, connectLightNode, guard, openWakuMember, type WakuMember } from "./waku-loopback.js";

const QUOTA = { messagesPerEpoch: 20, epochMs: 2_000 };
const contentTopic = "/reliable-channel/1/rate-limit/proto";
const TEST_TIMEOUT_MS = 120_000;
const encoder = new TextEncoder();

describe("rate-limited channels over real @waku/sdk light nodes and a test node that enforces the quota", () => {
  let node: WakuTestNode | undefined;
  let lights: LightNode[] = [];
  let members: WakuMember[] = [];

  afterEach(async () => {
    await Promise.all(members.map((member) => member.channel.stop()));
    for (const light of lights) light.filter.unsubscribeAll();
    await Promise.all(lights.map((light) => light.stop()));
    await node?.stop();
    [node, lights, members] = [undefined, [], []];
  });

  /** A test node on `clock` with the quota per publishing peer, and `ids` joined to it. */
  async function setup(clock: VirtualClock, ids: readonly string[], quota = QUOTA): Promise<WakuTestNode> {
    const started = await startWakuTestNode({ lightPushQuota: QUOTA, now: () => clock.now() });
    node = started;
    for (const id of ids) {
      const light = await connectLightNode(started);
      lights.push(light);
      members.push(await openWakuMember(id, light, { clock, quota, contentTopic }));
    }
    return started;
  }

  async function send(member: WakuMember, count: number, tag = ""): Promise<string[]> {
    const payloads = Array.from({ length: count }, (_, i) => `${member.id}:${tag}${i}`);
    for (const payload of payloads) await member.channel.send(encoder.encode(payload));
    return payloads;
  }

  it(
    "a burst of 10× the quota: no 429 from the node, every message once and in order",
    async () => {
      const clock = createVirtualClock({ startAt: Date.now() });
      const service = await setup(clock, ["alice", "bob"]);
      const [alice, bob] = members;
      if (alice === undefined || bob === undefined) throw new Error("two members");
      const sent = new Map([[alice.id, await send(alice, 10 * QUOTA.messagesPerEpoch)]]);
      await guard(
        bob.until(() => bob.received.length >= 10 * QUOTA.messagesPerEpoch),
        "bob's deliveries",
      );
      expect(deliveredOnceInOrder(bob.received, sent)).toBe(true);
      expect(service.stats.lightPushesRateLimited).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a manager that allows more than the node: the node's 429 is recognised, held until the next epoch, nothing lost",
    async () => {
      const clock = createVirtualClock({ startAt: Date.now() });
      const service = await setup(clock, ["alice", "bob"], {
        ...QUOTA,
        messagesPerEpoch: 2 * QUOTA.messagesPerEpoch,
      });
      const [alice, bob] = members;
      if (alice === undefined || bob === undefined) throw new Error("two members");
      const refusals: number[] = [];
      alice.transport.on("rate-limited", ({ rejections }) => refusals.push(rejections));
      const failed: string[] = [];
      alice.channel.on("send-failed", ({ messageId }) => failed.push(messageId));
      const sent = new Map([[alice.id, await send(alice, 5 * QUOTA.messagesPerEpoch)]]);
      await guard(
        bob.until(() => bob.received.length >= 5 * QUOTA.messagesPerEpoch),
        "bob's deliveries",
      );
      expect(deliveredOnceInOrder(bob.received, sent)).toBe(true);
      expect(service.stats.lightPushesRateLimited).toBeGreaterThan(0);
      expect(refusals.length).toBe(service.stats.lightPushesRateLimited);
      // Each refusal held the queue until the next epoch, where the publish went through.
      expect(Math.max(...refusals)).toBe(1);
      expect(failed).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a reconnect replay of 200 queued messages: no 429, every message once and in order",
    async () => {
      const clock = createVirtualClock({ startAt: Date.now() });
      const service = await setup(clock, ["alice", "bob"]);
      const [alice, bob] = members;
      if (alice === undefined || bob === undefined) throw new Error("two members");
      const offline = connectivityIs(alice.waku.connectivity, false);
      await alice.light.libp2p.peerStore.delete(service.libp2p.peerId);
      await alice.light.hangUp(service.libp2p.peerId);
      await guard(offline, "alice offline");
      const sent = new Map([[alice.id, await send(alice, 200)]]);
      expect(alice.channel.outboxSize).toBe(200);
      const online = connectivityIs(alice.waku.connectivity, true);
      await alice.light.dial(service.multiaddr);
      await guard(online, "alice online");
      // The channel starts its replay on the next timer turn; virtual time moves only when told to.
      clock.advance(0);
      await guard(
        bob.until(() => bob.received.length >= 200),
        "bob's deliveries",
      ).catch((error: unknown) => {
        const state = {
          bob: bob.received.length,
          outbox: alice.channel.outboxSize,
          usage: alice.transport.usage(),
        };
        throw new Error(
          `${String(error)}: ${JSON.stringify({ ...state, node: service.stats, now: clock.now() })}`,
        );
      });
      expect(deliveredOnceInOrder(bob.received, sent)).toBe(true);
      expect(service.stats.lightPushesRateLimited).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a restart mid-epoch does not burst again: no 429, nothing lost",
    async () => {
      const clock = createVirtualClock({ startAt: Math.ceil(Date.now() / QUOTA.epochMs) * QUOTA.epochMs });
      const service = await setup(clock, ["bob"]);
      const [bob] = members;
      if (bob === undefined) throw new Error("bob");
      const storage = memoryStorage();
      const light = await connectLightNode(service);
      lights.push(light);
      const setting = { clock, quota: QUOTA, contentTopic, storage };
      const before = await openWakuMember("alice", light, setting);
      clock.advance(QUOTA.epochMs / 2);
      const first = await send(before, QUOTA.messagesPerEpoch - 5, "a");
      await guard(
        bob.until(() => bob.received.length >= first.length),
        "the first messages",
      );
      await before.channel.stop();
      const after = await openWakuMember("alice", light, setting);
      members.push(after);
      expect(after.transport.usage().used).toBeGreaterThanOrEqual(QUOTA.messagesPerEpoch - 5);
      const sent = new Map([["alice", [...first, ...(await send(after, 2 * QUOTA.messagesPerEpoch, "b"))]]]);
      await guard(
        bob.until(() => deliveredOnceInOrder(bob.received, sent)),
        "bob's deliveries",
      );
      expect(service.stats.lightPushesRateLimited).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
