import { contentMessageId, encodeSdsMessage } from "@reliable-channel/sds";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

// Found by `./run fuzz` (issue 16): a message forged under alice's own id, which bob delivered and names
// in his causal history, is one alice can never deliver (it is "her own"); before, every message of bob's
// after it waited for it forever (missing 1, never irretrievable).

const CHANNEL = "room";

describe("a message forged under our own id that others name (seed 1610)", () => {
  it("does not stall what depends on it, and is never delivered to us", async () => {
    const seed = 1610;
    const net = createMemoryNetwork({ seed, latency: { minMs: 5, maxMs: 20 } });
    const open = (id: string) =>
      createReliableChannel({
        channelId: CHANNEL,
        participantId: id,
        transport: net.join(id),
        clock: net.clock,
        random: createSeededRandom(seed * 10 + id.length),
      });
    const alice = await open("alice");
    const bob = await open("bob");
    const aliceEvents = record(alice);
    const mallory = net.join("mallory");
    await mallory.start();
    await bob.send(text("bob 0")); // bob is known to alice: what he names from now on counts
    await drive(net.clock, 1_000, 10);
    const content = text("forged");
    const nonce = createSeededRandom(seed).bytes(16);
    const forged = contentMessageId({
      channelId: CHANNEL,
      participantId: "alice",
      sequence: 1n,
      nonce,
      content,
    });
    await mallory.publish(
      encodeSdsMessage({
        channelId: CHANNEL,
        senderId: "alice",
        messageId: forged,
        lamportTimestamp: BigInt(net.clock.now()),
        causalHistory: [],
        repairRequest: [],
        content,
      }),
    );
    await drive(net.clock, 1_000, 10);
    await bob.send(text("bob 1")); // names the forged message, which bob delivered as alice's
    await drive(net.clock, 10 * 60_000, 1_000);
    const received = aliceEvents.of("message-received");
    expect(
      received.map((e) => untext(e.payload)),
      `seed ${seed}`,
    ).toEqual(["bob 0", "bob 1"]);
    expect(alice.syncStatus.missing).toBe(0);
    await Promise.all([alice.stop(), bob.stop()]);
  });
});
