import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageId } from "@reliable-channel/interfaces";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { type WakuTransport, wakuTransport } from "../src/index.js";
import { type ChannelProgress, trackChannel } from "./channel-progress.js";
import { connectivityIs, connectLightNode, guard } from "./loopback.js";
import { observeRangeQueries } from "./range-query-hints.js";
import { hex } from "./transport-fixtures.js";

// Scenario tests of the channel's connectivity-aware behaviour over real @waku/sdk light nodes and the
// loopback test node, in real time: a reader back after the senders left, a sender offline, a newcomer.
// Default channel options (started after the test's listeners are on); "offline" is the light node
// forgetting the service node and hanging up on it (its transport's connectivity follows libp2p's peer
// events), "back" is the light node dialling it again.

const contentTopic = "/reliable-channel/1/reconnect/proto";
/** Failure guard of one scenario step (real time on loopback; a step takes well under a second). */
const STEP_GUARD_MS = 20_000;
const TEST_TIMEOUT_MS = 90_000;

interface Participant {
  readonly id: string;
  readonly light: LightNode;
  readonly transport: WakuTransport;
  readonly channel: ReliableChannel;
  readonly progress: ChannelProgress;
  /** The hints (hex) the transport's range queries (the channel's catch-ups) yielded so far. */
  readonly rangeHints: ReadonlySet<string>;
}

const encoder = new TextEncoder();
const texts = (participant: Participant): string[] =>
  [...participant.progress.received.values()].map((entry) => entry.text);

describe("connectivity scenarios over real @waku/sdk light nodes and the loopback test node", () => {
  let service: WakuTestNode | undefined;
  let participants: Participant[] = [];

  afterEach(async () => {
    await Promise.all(participants.map(({ channel }) => channel.stop()));
    await Promise.all(participants.map(({ light }) => light.stop()));
    await service?.stop();
    [service, participants] = [undefined, []];
  });

  /** A new light node and a channel on it (default options), started and recorded from its start on. */
  async function join(node: WakuTestNode, id: string): Promise<Participant> {
    const light = await connectLightNode(node);
    const { transport, hints } = observeRangeQueries(wakuTransport({ node: light, contentTopic }));
    const channel = await createReliableChannel({
      channelId: "reconnect",
      participantId: id,
      transport,
      autoStart: false,
    });
    const participant = {
      id,
      light,
      transport,
      channel,
      progress: trackChannel(channel, hints),
      rangeHints: hints,
    };
    participants.push(participant);
    await channel.start();
    // Settled: the catch-up from the store on start completed.
    await step(participant, () => participant.progress.of("caught-up").length > 0, "the first catch-up");
    return participant;
  }

  it(
    "a reader that comes back after the senders left gets everything within one catch-up, never synced before it",
    async () => {
      const node = await startWakuTestNode();
      service = node;
      const reader = await join(node, "reader");
      const alice = await join(node, "alice");
      await hangUp(reader, node);

      const payloads = ["m0", "m1", "m2", "m3", "m4"];
      const ids = await sendAll(alice, payloads);
      const sentIds = () => new Set(alice.progress.of("sent").map((sent) => sent.messageId));
      await step(alice, () => ids.every((id) => sentIds().has(id)), "alice's five publishes");
      await alice.channel.stop(); // every sender has left
      expect(reader.progress.received.size).toBe(0);
      expect(reader.channel.syncStatus.status).toBe("offline");

      const back = reader.progress.events.length;
      const dialledAt = Date.now();
      await redial(reader, node);
      await step(
        reader,
        () =>
          reader.progress.received.size === payloads.length &&
          reader.progress.of("caught-up", back).length > 0,
        "the five messages and the catch-up after the redial",
      );
      expect(texts(reader)).toEqual(payloads);
      expect([...reader.progress.received.keys()]).toEqual(ids);

      const after = reader.progress.events.slice(back);
      const caughtUpAt = after.findIndex((event) => event.type === "caught-up");
      const caughtUp = reader.progress.of("caught-up", back)[0];
      expect(caughtUp?.found, "payloads the catch-up found").toBeGreaterThanOrEqual(payloads.length);
      // Delivered by that catch-up: before its `caught-up`, as copies its range query yielded.
      const deliveredAt = after.flatMap((event, index) => (event.type === "message-received" ? [index] : []));
      expect(deliveredAt.every((index) => index < caughtUpAt)).toBe(true);
      expect([...reader.progress.received.values()].every((entry) => entry.fromRangeQuery)).toBe(true);
      // Never `synced` between coming back online and that catch-up; `catching-up` in between.
      const statuses = after
        .slice(0, caughtUpAt)
        .flatMap((event) => (event.type === "sync-status" ? [event.detail.status] : []));
      expect(statuses, "statuses between the redial and the catch-up").not.toContain("synced");
      expect(statuses).toContain("catching-up");
      await step(reader, () => reader.channel.syncStatus.status === "synced", "synced after the catch-up");
      expect(reader.channel.syncStatus).toMatchObject({ missing: 0, lost: 0 });
      expect(reader.channel.syncStatus.completeUpTo).toBeGreaterThanOrEqual(dialledAt);
      expect(reader.progress.irretrievable.size).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a sender offline keeps its outbox, attempts nothing, and re-publishes in send order once back",
    async () => {
      const node = await startWakuTestNode();
      service = node;
      const alice = await join(node, "alice");
      const bob = await join(node, "bob");
      await hangUp(alice, node);

      const offlineFrom = alice.progress.events.length;
      const payloads = ["o0", "o1", "o2"];
      const ids = await sendAll(alice, payloads); // resolves: the outbox entries are durable
      expect(alice.progress.of("sending", offlineFrom), "publish attempts while offline").toEqual([]);
      expect(alice.channel.outboxSize).toBe(payloads.length);
      expect(alice.channel.syncStatus.status).toBe("offline");

      const back = alice.progress.events.length;
      await redial(alice, node);
      await step(bob, () => bob.progress.received.size === payloads.length, "bob's three messages");
      await step(
        alice,
        () => ids.every((id) => alice.progress.acknowledged.has(id)),
        "alice's acknowledgements",
      );

      expect(texts(bob)).toEqual(payloads);
      expect([...bob.progress.received.keys()]).toEqual(ids);
      expect([...bob.progress.received.values()].every((entry) => entry.count === 1)).toBe(true);
      // The replay: every unacknowledged message at once, in send order.
      expect(
        alice.progress
          .of("sending", back)
          .slice(0, ids.length)
          .map((sending) => sending.messageId),
      ).toEqual(ids);
      const acknowledged = alice.progress.of("acknowledged").map((ack) => ack.messageId);
      expect(acknowledged.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      expect(alice.progress.of("send-failed")).toEqual([]);
      expect(alice.channel.outboxSize).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  for (const [name, forgotten] of [
    ["the store still has the history", false],
    ["the store no longer has the history", true],
  ] as const) {
    it(
      `a newcomer (${name}) gets the live messages, nothing from before its start, no irretrievable`,
      async () => {
        const node = await startWakuTestNode();
        service = node;
        const alice = await join(node, "alice");
        const bob = await join(node, "bob");
        const senders = [alice, bob, alice, bob];
        const old: MessageId[] = [];
        for (const [index, sender] of senders.entries()) {
          old.push(await sender.channel.send(encoder.encode(`old${index}`)));
        }
        for (const participant of [alice, bob]) {
          const expected = old.filter((_, index) => senders[index] !== participant);
          const received = () => expected.every((id) => participant.progress.received.has(id));
          await step(participant, received, "the other's old messages");
          const own = old.filter((_, index) => senders[index] === participant);
          const published = () => {
            const sent = new Set(participant.progress.of("sent").map((event) => event.messageId));
            return own.every((id) => sent.has(id));
          };
          await step(participant, published, "its old messages' publishes");
        }
        // The hint of each old message's first publish (a re-publish would have another).
        const oldHints = old.map((id, index) => {
          const first = senders[index]?.progress.of("sent").find((sent) => sent.messageId === id);
          return hex(first?.retrievalHint);
        });
        if (forgotten) node.archive.clear();
        const archived = oldHints.filter((hint) => node.archive.has(hint));
        expect(archived, "old messages in the store").toHaveLength(forgotten ? 0 : old.length);

        const newcomer = await join(node, "newcomer");
        // With the history in the store, the newcomer's catch-up saw it (the old messages are seconds old,
        // within the catch-up margin before its join): it was there to deliver, and must not be.
        const seen = oldHints.filter((hint) => newcomer.rangeHints.has(hint));
        expect(seen, "old messages the newcomer's catch-up found").toHaveLength(forgotten ? 0 : old.length);

        const live0 = await alice.channel.send(encoder.encode("live0"));
        await step(newcomer, () => newcomer.progress.received.has(live0), "the first live message");
        expect(texts(newcomer)).toEqual(["live0"]);

        const live1 = await bob.channel.send(encoder.encode("live1"));
        await step(
          newcomer,
          () => newcomer.progress.received.has(live1) && newcomer.channel.syncStatus.status === "synced",
          "the second live message, and nothing missing",
        );
        expect(texts(newcomer)).toEqual(["live0", "live1"]);
        expect([...newcomer.progress.received.keys()]).toEqual([live0, live1]);
        expect(newcomer.progress.of("message-received").every((event) => event.history === undefined)).toBe(
          true,
        );
        expect(newcomer.progress.of("irretrievable")).toEqual([]);
        expect(newcomer.channel.syncStatus).toMatchObject({ status: "synced", missing: 0, lost: 0 });
      },
      TEST_TIMEOUT_MS,
    );
  }
});

/** Resolves once `predicate` holds for `participant`'s progress; fails after {@link STEP_GUARD_MS}. */
async function step(participant: Participant, predicate: () => boolean, label: string): Promise<void> {
  await guard(participant.progress.until(predicate), `${participant.id}: ${label}`, STEP_GUARD_MS).catch(
    (error: unknown) => {
      const status = JSON.stringify(participant.channel.syncStatus);
      const events = participant.progress.events.map((event) => event.type).join(",");
      throw new Error(`${String(error)}\nstatus ${status}\nevents ${events}`);
    },
  );
}

async function sendAll(participant: Participant, payloads: readonly string[]): Promise<MessageId[]> {
  const ids: MessageId[] = [];
  for (const payload of payloads) ids.push(await participant.channel.send(encoder.encode(payload)));
  return ids;
}

/**
 * The light node goes offline: it forgets the service node and hangs up on it. (A hang-up alone takes it
 * offline for a moment only: `@waku/core` redials the peers of its peer store as soon as the last
 * connection closes.) Its transport, then its channel, say offline.
 */
async function hangUp(participant: Participant, node: WakuTestNode): Promise<void> {
  const offline = connectivityIs(participant.transport.connectivity, false);
  await participant.light.libp2p.peerStore.delete(node.libp2p.peerId);
  await participant.light.hangUp(node.libp2p.peerId);
  await guard(offline, `${participant.id} offline after the hang-up`);
  await step(participant, () => participant.channel.syncStatus.status === "offline", "the offline status");
}

/** The light node dials the service node again (by its address): its transport says online. */
async function redial(participant: Participant, node: WakuTestNode): Promise<void> {
  const online = connectivityIs(participant.transport.connectivity, true);
  await participant.light.dial(node.multiaddr);
  await guard(online, `${participant.id} online after the redial`);
}
