// An independent reviewer's scenarios of a reliable channel over real @waku/sdk light nodes and the
// loopback Waku test node, through the public entries (`@reliable-channel/transport-waku`,
// `@reliable-channel/channel`, `@reliable-channel/storage-memory`): the service node going away and
// coming back on the same address, a participant's process restarting from its storage while the others
// talk, and a newcomer asking for the last messages before its join. Every wait is an event promise
// under a failure guard; nothing sleeps.
import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import {
  InvalidArgumentError,
  type MessageId,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
} from "@reliable-channel/interfaces";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { DEFAULT_QUERY_PAGE_SIZE, wakuTransport } from "@reliable-channel/transport-waku";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { type ChannelProgress, trackChannel } from "./channel-progress.js";
import { connectivityIs, connectLightNode, guard } from "./loopback.js";

const contentTopic = "/reliable-channel/1/reviewer/proto";
const STEP_GUARD_MS = 20_000;
const TEST_TIMEOUT_MS = 60_000;
const encoder = new TextEncoder();

interface Member {
  readonly id: string;
  readonly light: LightNode;
  readonly channel: ReliableChannel;
  readonly progress: ChannelProgress;
}

describe("reviewer: reliable channel over @waku/sdk and the loopback test node", () => {
  let nodes: WakuTestNode[] = [];
  let members: Member[] = [];

  afterEach(async () => {
    await Promise.all(members.map(({ channel }) => channel.stop()));
    await Promise.all(members.map(({ light }) => light.stop()));
    await Promise.all(nodes.map((node) => node.stop()));
    [nodes, members] = [[], []];
  });

  async function join(
    node: WakuTestNode,
    id: string,
    extra: { volume?: MemoryVolume; history?: { last: number } } = {},
  ): Promise<Member> {
    const light = await connectLightNode(node);
    const channel = await createReliableChannel({
      channelId: "reviewer",
      participantId: id,
      transport: wakuTransport({ node: light, contentTopic }),
      ...(extra.volume === undefined ? {} : { storage: memoryStorage({ volume: extra.volume }) }),
      ...(extra.history === undefined ? {} : { history: extra.history }),
      syncIntervalMs: 500,
      syncMinDelayMs: 20,
      retrievalBaseDelayMs: 200,
      retryBaseDelayMs: 500,
      autoStart: false,
    });
    const member = { id, light, channel, progress: trackChannel(channel) };
    members.push(member);
    await channel.start();
    await step(member, () => member.progress.of("caught-up").length > 0, "the first catch-up");
    return member;
  }

  async function leave(member: Member): Promise<void> {
    await member.channel.stop();
    await member.light.stop();
    members = members.filter((m) => m !== member);
  }

  it(
    "the service node stops and comes back on the same address: the outage's messages and live ones after it arrive once",
    async () => {
      const node = await startWakuTestNode();
      nodes.push(node);
      const alice = await join(node, "alice");
      const bob = await join(node, "bob");
      const before = await alice.channel.send(encoder.encode("before"));
      await step(bob, () => bob.progress.received.has(before), "the message before the outage");

      const alicePos = alice.progress.events.length;
      const bobPos = bob.progress.events.length;
      await node.stop();
      await step(alice, () => wentOffline(alice, alicePos), "offline after the node stopped");
      await step(bob, () => wentOffline(bob, bobPos), "offline after the node stopped");
      const during = [
        await alice.channel.send(encoder.encode("during-1")),
        await alice.channel.send(encoder.encode("during-2")),
      ];

      const back = await startWakuTestNode({
        port: node.port,
        privateKey: node.privateKey,
        archive: node.archive,
      });
      nodes.push(back);
      await Promise.all([alice.light.dial(back.multiaddr), bob.light.dial(back.multiaddr)]);
      await step(bob, () => during.every((id) => bob.progress.received.has(id)), "the outage's messages");
      // Live after the restart: the new node knows no subscription of before; the transport's filter must
      // be subscribed on it again for bob to hear this.
      const after = await alice.channel.send(encoder.encode("after"));
      await step(bob, () => bob.progress.received.has(after), "a live message after the restart");
      const reply = await bob.channel.send(encoder.encode("reply"));
      await step(alice, () => alice.progress.received.has(reply), "bob's reply");
      const all = [before, ...during, after];
      await step(
        alice,
        () => all.every((id) => alice.progress.acknowledged.has(id)),
        "alice's acknowledgements",
      );

      expect([...bob.progress.received.values()].map((e) => [e.text, e.count])).toEqual([
        ["before", 1],
        ["during-1", 1],
        ["during-2", 1],
        ["after", 1],
      ]);
      expect(bob.progress.irretrievable.size).toBe(0);
      expect(alice.channel.outboxSize).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a participant's process restarts from its storage: what it missed comes from the store once, nothing it had comes again",
    async () => {
      const node = await startWakuTestNode();
      nodes.push(node);
      const volume = createMemoryVolume();
      const alice = await join(node, "alice");
      const bob = await join(node, "bob", { volume });
      const early = await alice.channel.send(encoder.encode("early"));
      const bobs = await bob.channel.send(encoder.encode("bob-early"));
      await step(bob, () => bob.progress.received.has(early), "alice's early message");
      await step(alice, () => alice.progress.received.has(bobs), "bob's early message");
      await step(bob, () => bob.progress.acknowledged.has(bobs), "bob's early message acknowledged");
      await leave(bob);

      const missed: MessageId[] = [];
      for (const text of ["m1", "m2", "m3"]) missed.push(await alice.channel.send(encoder.encode(text)));
      const published = () => {
        const sent = new Set(alice.progress.of("sent").map((s) => s.messageId));
        return missed.every((id) => sent.has(id));
      };
      await step(alice, published, "alice's publishes while bob is gone");

      const again = await join(node, "bob", { volume });
      await step(again, () => missed.every((id) => again.progress.received.has(id)), "what bob missed");
      const next = await again.channel.send(encoder.encode("bob-back"));
      await step(alice, () => alice.progress.received.has(next), "bob's message after his restart");
      await step(
        alice,
        () => missed.every((id) => alice.progress.acknowledged.has(id)),
        "acks of the missed ones",
      );

      expect([...again.progress.received.values()].map((e) => [e.text, e.count])).toEqual([
        ["m1", 1],
        ["m2", 1],
        ["m3", 1],
      ]);
      expect([...alice.progress.received.values()].map((e) => [e.text, e.count])).toEqual([
        ["bob-early", 1],
        ["bob-back", 1],
      ]);
      expect(again.progress.irretrievable.size).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a newcomer asking for the last 3 messages gets exactly those, marked history, in order, then live ones",
    async () => {
      const node = await startWakuTestNode();
      nodes.push(node);
      const alice = await join(node, "alice");
      const said: MessageId[] = [];
      for (let i = 0; i < 5; i++) said.push(await alice.channel.send(encoder.encode(`old${i}`)));
      const published = () => {
        const sent = new Set(alice.progress.of("sent").map((s) => s.messageId));
        return said.every((id) => sent.has(id));
      };
      await step(alice, published, "alice's old publishes");

      const carol = await join(node, "carol", { history: { last: 3 } });
      await step(carol, () => carol.progress.received.size >= 3, "the last three");
      const live = await alice.channel.send(encoder.encode("live"));
      await step(carol, () => carol.progress.received.has(live), "the live message");

      const received = carol.progress.of("message-received");
      expect(received.map((e) => [new TextDecoder().decode(e.payload), e.history])).toEqual([
        ["old2", true],
        ["old3", true],
        ["old4", true],
        ["live", undefined],
      ]);
      expect(carol.progress.irretrievable.size).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("reviewer: wakuTransport's documented errors and edges over the loopback node", () => {
  let node: WakuTestNode | undefined;
  let light: LightNode | undefined;
  afterEach(async () => {
    await light?.stop();
    await node?.stop();
    [node, light] = [undefined, undefined];
  });

  it(
    "refuses before start and after stop, and bad input with the typed errors of its README",
    async () => {
      node = await startWakuTestNode();
      light = await connectLightNode(node);
      const transport = wakuTransport({ node: light, contentTopic, storeLookupWindowMs: 0 });
      expect(transport.connectivity.online).toBe(false);
      await expect(transport.publish(encoder.encode("early"))).rejects.toBeInstanceOf(NotStartedError);
      const notStarted = transport.queryRange?.({ from: 0, to: Date.now() });
      await expect(notStarted?.[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(NotStartedError);

      await transport.start();
      await transport.start(); // idempotent
      expect(transport.connectivity.online).toBe(true);
      await expect(transport.publish(new Uint8Array(0))).rejects.toBeInstanceOf(PermanentTransportError);
      const tooBig = new Uint8Array(
        transport.maxPayloadBytes === undefined ? 0 : transport.maxPayloadBytes + 1,
      );
      await expect(transport.publish(tooBig)).rejects.toBeInstanceOf(PayloadTooLargeError);
      expect(() => transport.queryRange?.({ from: Number.NaN, to: 1 })).toThrow(InvalidArgumentError);
      expect(() => transport.queryRange?.({ from: 0, to: 1 }, { pageSize: 0 })).toThrow(InvalidArgumentError);

      // A message published now, and what the store gives back for it, its hint and bad hints.
      const { retrievalHint } = await transport.publish(encoder.encode("stored"));
      expect(retrievalHint).toHaveLength(32);
      const found = await transport.retrieve?.([
        retrievalHint ?? new Uint8Array(),
        new Uint8Array(32).fill(7), // unknown to the store
        new Uint8Array(5), // not a hash
      ]);
      expect(found?.map((m) => new TextDecoder().decode(m.bytes))).toEqual(["stored"]);
      // from > to: nothing, without asking.
      const queries = node.stats;
      const empty: unknown[] = [];
      for await (const page of transport.queryRange?.({ from: Date.now() + 1_000, to: Date.now() }) ?? []) {
        empty.push(...page);
      }
      expect(empty).toEqual([]);
      expect(node.stats).toEqual(queries);
      // A page size above the default is lowered to it: 30 messages take two pages at least.
      const from = Date.now() - 60_000;
      for (let i = 0; i < 30; i++) await transport.publish(encoder.encode(`p${i}`));
      const pages: number[] = [];
      for await (const page of transport.queryRange?.(
        { from, to: Date.now() + 1_000 },
        { pageSize: 1_000 },
      ) ?? []) {
        pages.push(page.length);
      }
      expect(Math.max(...pages)).toBeLessThanOrEqual(DEFAULT_QUERY_PAGE_SIZE);
      expect(pages.reduce((a, b) => a + b, 0)).toBe(31);

      await transport.stop();
      await transport.stop(); // idempotent
      await guard(connectivityIs(transport.connectivity, false), "offline after stop");
      await expect(transport.publish(encoder.encode("late"))).rejects.toBeInstanceOf(NotStartedError);
    },
    TEST_TIMEOUT_MS,
  );
});

function wentOffline(member: Member, from: number): boolean {
  return member.progress.of("sync-status", from).some((s) => s.status === "offline");
}

async function step(member: Member, predicate: () => boolean, label: string): Promise<void> {
  await guard(member.progress.until(predicate), `${member.id}: ${label}`, STEP_GUARD_MS).catch(
    (error: unknown) => {
      const events = member.progress.events.map((event) => event.type).join(",");
      throw new Error(
        `${String(error)}\nstatus ${JSON.stringify(member.channel.syncStatus)}\nevents ${events}`,
      );
    },
  );
}
