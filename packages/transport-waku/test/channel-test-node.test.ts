import { afterEach, describe, expect, it } from "vitest";
import {
  type ChannelMember,
  everyoneExchanged,
  expectEachReceivedOthersOnce,
  joinChannels,
} from "./channel-members.js";
import type { ChannelProgress } from "./channel-progress.js";
import { guard } from "./loopback.js";
import { createLoopbackFixture } from "./loopback-fixture.js";

const contentTopic = "/reliable-channel/1/e2e/proto";
const PARTICIPANTS = 3;
const MESSAGES_PER_SENDER = 6;
/** Failure guard for the whole exchange (real time on loopback). */
const EXCHANGE_GUARD_MS = 60_000;

describe("the reliable channel over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("delivers every message to everyone while a third of filter pushes are dropped", async () => {
    const node = await loopback.startNode();
    const dropSeed = 7;
    node.faults.dropFilterPush(1 / 3, { seed: dropSeed });
    const members = await joinChannels(loopback, node, {
      count: PARTICIPANTS,
      channelId: "e2e",
      contentTopic,
      // A gap whose hint nobody has heard yet (the next message was built before the publish of the
      // missed one returned) is filled by the sender's re-publish: at 1, 3, 7, 15 s here instead of
      // 5, 15, 35 s, so that a loaded CI machine stays well inside the guard.
      channel: { retryBaseDelayMs: 1_000 },
    });

    for (let round = 0; round < MESSAGES_PER_SENDER; round++) {
      for (const [index, member] of members.entries()) {
        member.sent.push(await member.channel.send(new TextEncoder().encode(`p${index}-${round}`)));
      }
    }

    await guard(
      everyoneExchanged(members, MESSAGES_PER_SENDER),
      `all deliveries and acknowledgements (drop seed ${dropSeed})`,
      EXCHANGE_GUARD_MS,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${summary(members)}\nservice: ${JSON.stringify(node.stats)}`);
    });

    expectEachReceivedOthersOnce(members);
    for (const member of members) {
      expect([...member.progress.acknowledged.keys()].sort()).toEqual([...member.sent].sort());
    }
    const dropped = node.stats.filterPushesDropped;
    expect(dropped, `drop seed ${dropSeed}`).toBeGreaterThan(0);
    // Gaps are filled from the store, by a lookup of the missing message's hint (`retrieved`) or by a
    // catch-up (`caught-up`), whichever comes first: not only by the senders' re-publishes.
    const filled = members.map(({ progress }) => gapsFilledFromStore(progress));
    const total = filled.reduce((sum, { byLookup, byCatchUp }) => sum + byLookup + byCatchUp, 0);
    expect(
      total,
      `gaps filled from the store (drop seed ${dropSeed}): ${JSON.stringify(filled)}`,
    ).toBeGreaterThan(0);
  }, 90_000);
});

/**
 * The gaps of one participant filled from the store: by a lookup of the missing message's hint
 * (`retrieved`), or by a catch-up: a message reported `missing`, then delivered as the very copy (hint) a
 * range query of the store had yielded before. (The catch-up's own `caught-up` event fires after its last
 * page, often after the exchange is over: a check on it would wait for what the test does not need.)
 */
function gapsFilledFromStore(progress: ChannelProgress): { byLookup: number; byCatchUp: number } {
  const byCatchUp = [...progress.received].filter(
    ([id, entry]) => entry.wasMissing && entry.fromRangeQuery && !progress.retrieved.has(id),
  ).length;
  return { byLookup: progress.retrieved.size, byCatchUp };
}

function summary(members: readonly ChannelMember[]): string {
  return members
    .map(({ progress, sent, channel }) => {
      const texts = [...progress.received.values()].map((entry) => entry.text).sort();
      const unacked = sent.filter((id) => !progress.acknowledged.has(id)).length;
      return `${channel.participantId}: received ${texts.join(",")}; unacknowledged ${unacked}; retrieved ${progress.retrieved.size}; irretrievable ${progress.irretrievable.size}; sync ${JSON.stringify(channel.syncStatus)}`;
    })
    .join("\n");
}
