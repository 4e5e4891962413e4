import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageId, SdsMessage } from "@reliable-channel/interfaces";
import type { WireProfileName } from "@reliable-channel/sds";
import { wireProfile } from "@reliable-channel/sds/nim-sds";
import {
  createMemoryNetwork,
  createSeededRandom,
  type SeededRandom,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import { fuzzInput, randomMessage } from "./inputs.js";

/*
 * The channel's receive path under fuzz: in each round a fresh memory network (virtual time) holds two
 * honest channels, alice and bob, who send to each other, and a raw publisher, mallory, who publishes fuzz
 * inputs on the same topic: mutations of the honest messages she overhears and well-formed messages of
 * the channel (random ids and histories, sender ids of her own or of the honest two).
 */

const CHANNEL = "fuzz-room";
const TICK_MS = 50;
const HONEST_EVERY_TICKS = 10;
const SETTLE_MS = 5 * 60_000;

/** What one round saw. */
export interface RoundReport {
  readonly inputs: number;
  readonly honestSent: number;
  /** Broken promises: a throw, an `error` event, an honest message lost, repeated or out of order. */
  readonly violations: readonly string[];
  /** `message-dropped` events at the two honest channels. */
  readonly dropped: number;
}

/** One turn of the event loop: promise continuations and storage commits run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function advance(clock: VirtualClock, ms: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.advance(Math.min(TICK_MS, end - clock.now()));
    await turn();
    await turn();
  }
}

/** A well-formed message of the channel: random ids, the sender one of mallory's or an honest one. */
function forged(random: SeededRandom, profile: WireProfileName): Uint8Array {
  const wire = wireProfile(profile);
  const message: SdsMessage = {
    ...randomMessage(random, wire),
    channelId: CHANNEL,
    senderId: ["alice", "bob", "mallory", `m${random.int(50)}`][random.int(4)] ?? "mallory",
  };
  return wire.encode(message);
}

interface Honest {
  readonly name: string;
  readonly channel: ReliableChannel;
  readonly sent: MessageId[];
  readonly received: Map<string, MessageId[]>;
}

async function openHonest(
  net: ReturnType<typeof createMemoryNetwork>,
  name: string,
  seed: number,
  profile: WireProfileName,
  violations: string[],
): Promise<Honest> {
  const channel = await createReliableChannel({
    channelId: CHANNEL,
    participantId: name,
    transport: net.join(name),
    clock: net.clock,
    random: createSeededRandom(seed),
    wireProfile: profile,
  });
  const honest: Honest = { name, channel, sent: [], received: new Map() };
  channel.on("message-received", ({ senderId, messageId }) => {
    const list = honest.received.get(senderId) ?? [];
    list.push(messageId);
    honest.received.set(senderId, list);
  });
  channel.on("error", ({ operation, error }) =>
    violations.push(`${name}: error event (${operation}): ${String(error)}`),
  );
  return honest;
}

/** Checks that `reader` received `writer`'s messages exactly once each, in send order. */
function checkDelivery(writer: Honest, reader: Honest, violations: string[]): void {
  const sent = new Set(writer.sent);
  const got = (reader.received.get(writer.name) ?? []).filter((id) => sent.has(id));
  if (new Set(got).size !== got.length)
    violations.push(`${reader.name} received one of ${writer.name}'s messages twice`);
  const missing = writer.sent.filter((id) => !got.includes(id));
  if (missing.length > 0)
    violations.push(
      `${reader.name} never received ${missing.length} of ${writer.name}'s ${writer.sent.length} messages`,
    );
  const order = writer.sent.filter((id) => got.includes(id));
  if (got.some((id, i) => id !== order[i]))
    violations.push(`${reader.name} received ${writer.name}'s messages out of order`);
}

/** One round of `inputs` fuzz inputs on `profile`'s wire; a throw anywhere is reported as a violation. */
export async function fuzzChannelRound(init: {
  seed: number;
  inputs: number;
  profile: WireProfileName;
  perTick: number;
}): Promise<RoundReport> {
  const violations: string[] = [];
  const random = createSeededRandom(init.seed);
  const net = createMemoryNetwork({ seed: init.seed, latency: { minMs: 5, maxMs: 40 } });
  const wire = wireProfile(init.profile);
  let dropped = 0;
  let published = 0;
  const honest: Honest[] = [];
  try {
    honest.push(await openHonest(net, "alice", init.seed * 3 + 1, init.profile, violations));
    honest.push(await openHonest(net, "bob", init.seed * 3 + 2, init.profile, violations));
    for (const h of honest) h.channel.on("message-dropped", () => (dropped += 1));
    const mallory = net.join("mallory");
    await mallory.start();
    const corpus: Uint8Array[] = [];
    mallory.subscribe((bytes) => {
      if (corpus.length < 256) corpus.push(bytes);
      else corpus[random.int(256)] = bytes;
    });
    for (let tick = 0; published < init.inputs; tick += 1) {
      if (tick % HONEST_EVERY_TICKS === 0) {
        for (const h of honest)
          h.sent.push(await h.channel.send(new TextEncoder().encode(`${h.name} ${tick}`)));
      }
      const batch = Math.min(init.perTick, init.inputs - published);
      for (let i = 0; i < batch; i += 1) {
        const bytes = random.next() < 0.2 ? forged(random, init.profile) : fuzzInput(random, wire, corpus);
        await mallory.publish(bytes);
      }
      published += batch;
      await advance(net.clock, TICK_MS);
    }
    await advance(net.clock, SETTLE_MS);
    const [alice, bob] = honest;
    if (alice !== undefined && bob !== undefined) {
      checkDelivery(alice, bob, violations);
      checkDelivery(bob, alice, violations);
    }
    await mallory.stop();
  } catch (error) {
    violations.push(
      `the round threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    for (const h of honest)
      await h.channel
        .stop()
        .catch((error: unknown) => violations.push(`${h.name}: stop threw ${String(error)}`));
  }
  return {
    inputs: published,
    honestSent: honest.reduce((n, h) => n + h.sent.length, 0),
    violations,
    dropped,
  };
}
