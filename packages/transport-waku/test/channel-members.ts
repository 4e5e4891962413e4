import {
  createReliableChannel,
  type ReliableChannel,
  type ReliableChannelInit,
} from "@reliable-channel/channel";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { expect } from "vitest";
import { type WakuWireProfile, wakuTransport } from "../src/index.js";
import { type ChannelProgress, trackChannel } from "./channel-progress.js";
import type { LoopbackFixture } from "./loopback-fixture.js";
import { observeRangeQueries } from "./range-query-hints.js";

/** One participant of a channel test over the loopback node: its light node, channel and what it saw. */
export interface ChannelMember {
  readonly light: LightNode;
  readonly channel: ReliableChannel;
  readonly progress: ChannelProgress;
  /** Ids of what it sent, in order (the test pushes them). */
  readonly sent: string[];
}

/** Options of {@link joinChannels}. */
export interface ChannelMembersInit {
  readonly count: number;
  readonly channelId: string;
  readonly contentTopic: string;
  /** The wire profile of the transports and channels. @default "js-waku" */
  readonly wireProfile?: WakuWireProfile;
  /** Channel options over the loopback timing below (e.g. `retryBaseDelayMs`). */
  readonly channel?: Partial<Omit<ReliableChannelInit, "channelId" | "participantId" | "transport">>;
}

/**
 * `count` founding participants `p0`, `p1`, … each on its own light node, with sync and retrieval fast
 * enough for loopback (sync every 500 ms, retrieval from 200 ms) and every dependency waited for
 * (`joinFrontier: false`: none predates anyone's join). The fixture stops them.
 */
export async function joinChannels(
  fixture: LoopbackFixture,
  node: WakuTestNode,
  init: ChannelMembersInit,
): Promise<ChannelMember[]> {
  const lights = await fixture.lightNodes(node, init.count);
  const { contentTopic, wireProfile } = init;
  const profile = wireProfile === undefined ? {} : { wireProfile };
  return Promise.all(
    lights.map(async (light, index) => {
      const { transport, hints } = observeRangeQueries(
        wakuTransport({ node: light, contentTopic, ...profile }),
      );
      const channel = await createReliableChannel({
        channelId: init.channelId,
        participantId: `p${index}`,
        transport,
        ...profile,
        syncIntervalMs: 500,
        syncMinDelayMs: 20,
        retrievalBaseDelayMs: 200,
        sds: { joinFrontier: false },
        ...init.channel,
      });
      fixture.track(channel);
      return { light, channel, progress: trackChannel(channel, hints), sent: [] };
    }),
  );
}

/** Resolves once every member received every other member's `perSender` messages and had its own acknowledged. */
export function everyoneExchanged(members: readonly ChannelMember[], perSender: number): Promise<unknown> {
  const othersCount = (members.length - 1) * perSender;
  return Promise.all(
    members.map(({ progress, sent }) =>
      progress.until(
        () => progress.received.size === othersCount && sent.every((id) => progress.acknowledged.has(id)),
      ),
    ),
  );
}

/** Every member received exactly what the others sent, each message once, and gave none up. */
export function expectEachReceivedOthersOnce(members: readonly ChannelMember[]): void {
  for (const [index, member] of members.entries()) {
    const expected = members.flatMap((other, j) => (j === index ? [] : other.sent)).sort();
    expect([...member.progress.received.keys()].sort()).toEqual(expected);
    expect([...member.progress.received.values()].every((entry) => entry.count === 1)).toBe(true);
    expect(member.progress.irretrievable.size).toBe(0);
  }
}
