import { encodeSdsMessage } from "@reliable-channel/sds";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

// Caps shed honest dependencies only after retrieval has been tried (issue 16, finding 6): ghost ids that
// overflow `maxMissing` make the core shed the oldest gap, an honest message the store still holds.

const SEED = 191;

describe(`a dependency shed for the missing cap (seed ${SEED})`, () => {
  it("is still looked for in the store and delivered, never reported irretrievable", async () => {
    const net = createMemoryNetwork({ seed: SEED, latency: { minMs: 10, maxMs: 20 } });
    const open = (id: string, extra = {}) =>
      createReliableChannel({
        channelId: "room",
        participantId: id,
        transport: net.join(id),
        clock: net.clock,
        random: createSeededRandom(SEED * 10 + id.length),
        ...extra,
      });
    const alice = await open("alice");
    const carol = await open("carol");
    const bob = await open("bob", { sds: { maxMissing: 1 } });
    const bobEvents = record(bob);
    const mallory = net.join("mallory");
    await mallory.start();
    net.partition(["alice"], ["bob"]);
    // Bob's store queries fail for a while (the store is not reached: they do not count).
    net.failNextRetrieve("bob", "transient", 3);
    const x = await alice.send(text("x"));
    await drive(net.clock, 500, 10);
    await carol.send(text("c")); // names x, with its hint: bob misses x
    await drive(net.clock, 500, 10);
    expect(bobEvents.of("missing").flatMap((e) => e.missing.map((m) => m.messageId))).toContain(x);
    // Mallory's message names two ghosts: the missing set overflows and the core sheds x, the oldest gap.
    await mallory.publish(
      encodeSdsMessage({
        channelId: "room",
        senderId: "mallory",
        messageId: "f".repeat(64),
        lamportTimestamp: BigInt(net.clock.now()),
        causalHistory: [{ messageId: "a".repeat(64) }, { messageId: "b".repeat(64) }],
        repairRequest: [],
        content: text("ghosts"),
      }),
    );
    await drive(net.clock, 60_000, 500);
    expect(bobEvents.of("message-received").map((e) => untext(e.payload))).toContain("x");
    const lost = bobEvents.of("irretrievable").flatMap((e) => e.messageIds);
    expect(lost).not.toContain(x);
    await drive(net.clock, 20 * 60_000, 10_000);
    expect(bobEvents.of("irretrievable").flatMap((e) => e.messageIds)).not.toContain(x);
    expect(bobEvents.of("recovered")).toEqual([]);
    await Promise.all([alice.stop(), carol.stop(), bob.stop()]);
  });
});
