import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import { decodeNimSdsMessage } from "@reliable-channel/sds/nim-sds";
import {
  type MessageAcceptedEvent,
  type StoreQueryEvent,
  startWakuTestNode,
  type WakuTestNode,
} from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { RELIABLE_CHANNEL_API_META, wakuTransport } from "../src/index.js";
import { type ChannelProgress, trackChannel } from "./channel-progress.js";
import { connectLightNode, guard } from "./loopback.js";
import { observeRangeQueries } from "./range-query-hints.js";

const contentTopic = "/reliable-channel/1/nim-e2e/proto";
const PARTICIPANTS = 3;
const MESSAGES_PER_SENDER = 6;
/** Failure guard for the whole exchange (real time on loopback). */
const EXCHANGE_GUARD_MS = 60_000;

interface Member {
  readonly light: LightNode;
  readonly channel: ReliableChannel;
  readonly progress: ChannelProgress;
  readonly sent: string[];
}

describe("a nim-sds channel over real @waku/sdk light nodes and the loopback test node", () => {
  let service: WakuTestNode | undefined;
  let members: Member[] = [];

  afterEach(async () => {
    await Promise.all(members.map((member) => member.channel.stop()));
    await Promise.all(members.map((member) => member.light.stop()));
    await service?.stop();
    members = [];
  });

  it("three participants: the marker on every envelope, nim-sds bytes inside, a third of filter pushes dropped and recovered by spec-clean hash lookups", async () => {
    const node = await startWakuTestNode();
    service = node;
    const dropSeed = 7;
    node.faults.dropFilterPush(1 / 3, { seed: dropSeed });
    const accepted: MessageAcceptedEvent[] = [];
    const queries: StoreQueryEvent[] = [];
    node.events.on("message-accepted", (event) => accepted.push(event));
    node.events.on("store-query", (event) => queries.push(event));
    members = await Promise.all(
      Array.from({ length: PARTICIPANTS }, async (_, index) => {
        const light = await connectLightNode(node);
        const { transport, hints } = observeRangeQueries(
          wakuTransport({ node: light, contentTopic, wireProfile: "nim-sds" }),
        );
        const channel = await createReliableChannel({
          channelId: "nim-e2e",
          participantId: `p${index}`,
          transport,
          wireProfile: "nim-sds",
          syncIntervalMs: 500,
          syncMinDelayMs: 20,
          retrievalBaseDelayMs: 200,
          // Re-publishes late enough (5, 15 s) that a gap is found and looked up by hash first.
          retryBaseDelayMs: 5_000,
          sds: { joinFrontier: false },
        });
        return { light, channel, progress: trackChannel(channel, hints), sent: [] };
      }),
    );

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
    const othersCount = (PARTICIPANTS - 1) * MESSAGES_PER_SENDER;
    const done = members.map(({ progress, sent }) =>
      progress.until(
        () => progress.received.size === othersCount && sent.every((id) => progress.acknowledged.has(id)),
      ),
    );
    await guard(Promise.all(done), `all deliveries and acks (drop seed ${dropSeed})`, EXCHANGE_GUARD_MS);

    for (const [index, member] of members.entries()) {
      const expected = members.flatMap((other, j) => (j === index ? [] : other.sent)).sort();
      expect([...member.progress.received.keys()].sort()).toEqual(expected);
      expect([...member.progress.received.values()].every((entry) => entry.count === 1)).toBe(true);
      expect(member.progress.irretrievable.size).toBe(0);
      expect(member.progress.of("message-dropped")).toEqual([]);
    }
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
