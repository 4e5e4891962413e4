import { decodeNimSdsMessage } from "@reliable-channel/sds/nim-sds";
import type { MessageAcceptedEvent, StoreQueryEvent } from "@reliable-channel/waku-test-node";
import { afterEach, describe, expect, it } from "vitest";
import { RELIABLE_CHANNEL_API_META } from "../src/index.js";
import { everyoneExchanged, expectEachReceivedOthersOnce, joinChannels } from "./channel-members.js";
import { guard } from "./loopback.js";
import { createLoopbackFixture } from "./loopback-fixture.js";

const contentTopic = "/reliable-channel/1/nim-e2e/proto";
const PARTICIPANTS = 3;
const MESSAGES_PER_SENDER = 6;
/** Failure guard for the whole exchange (real time on loopback). */
const EXCHANGE_GUARD_MS = 60_000;

describe("a nim-sds channel over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("three participants: the marker on every envelope, nim-sds bytes inside, a third of filter pushes dropped and recovered by spec-clean hash lookups", async () => {
    const node = await loopback.startNode();
    const dropSeed = 7;
    node.faults.dropFilterPush(1 / 3, { seed: dropSeed });
    const accepted: MessageAcceptedEvent[] = [];
    const queries: StoreQueryEvent[] = [];
    node.events.on("message-accepted", (event) => accepted.push(event));
    node.events.on("store-query", (event) => queries.push(event));
    const members = await joinChannels(loopback, node, {
      count: PARTICIPANTS,
      channelId: "nim-e2e",
      contentTopic,
      wireProfile: "nim-sds",
      // Re-publishes late enough (5, 15 s) that a gap is found and looked up by hash first.
      channel: { retryBaseDelayMs: 5_000 },
    });

    // Each send waits for its publish (its hint is known), so the messages after it name it with its hint:
    // a receiver whose filter push was dropped finds the gap and looks it up by hash.
    for (let round = 0; round < MESSAGES_PER_SENDER; round++) {
      for (const [index, member] of members.entries()) {
        const id = await member.channel.send(new TextEncoder().encode(`p${index}-${round}`));
        member.sent.push(id);
        const { progress } = member;
        await guard(
          progress.until(() => progress.of("sent").some((e) => e.messageId === id)),
          `${id} published`,
        );
      }
    }
    await guard(
      everyoneExchanged(members, MESSAGES_PER_SENDER),
      `all deliveries and acks (drop seed ${dropSeed})`,
      EXCHANGE_GUARD_MS,
    );

    expectEachReceivedOthersOnce(members);
    for (const member of members) expect(member.progress.of("message-dropped")).toEqual([]);
    // On the wire: the spec marker in every envelope's meta, nim-sds bytes with Lamport time in seconds inside.
    expect(accepted.length).toBeGreaterThanOrEqual(PARTICIPANTS * MESSAGES_PER_SENDER);
    const nowSeconds = BigInt(Math.ceil(Date.now() / 1000));
    for (const { message } of accepted) {
      expect(new TextDecoder().decode(message.meta)).toBe(RELIABLE_CHANNEL_API_META);
      const sds = decodeNimSdsMessage(message.payload);
      expect(sds.channelId).toBe("nim-e2e");
      expect(sds.lamportTimestamp ?? 0n).toBeLessThanOrEqual(nowSeconds + 60n);
    }
    // Losses recovered by hash lookups, each with no content-filter field, each answered.
    expect(node.stats.filterPushesDropped, `drop seed ${dropSeed}`).toBeGreaterThan(0);
    const retrieved = members.reduce((sum, { progress }) => sum + progress.retrieved.size, 0);
    expect(retrieved, `messages retrieved by hash (drop seed ${dropSeed})`).toBeGreaterThan(0);
    const lookups = queries.filter((q) => (q.request?.messageHashes ?? 0) > 0);
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup.statusCode).toBe(200);
      expect(lookup.request).toMatchObject({ contentTopics: [], timeRange: false });
      expect(lookup.request?.pubsubTopic).toBeUndefined();
    }
  }, 90_000);
});
