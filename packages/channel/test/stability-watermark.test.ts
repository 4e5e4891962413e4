import type { ChannelStorage, MessageId, SdsMessage, Storage } from "@reliable-channel/interfaces";
import { compactBloom } from "@reliable-channel/sds";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannel } from "../src/index.js";
import { MemberDelivery } from "../src/member-delivery.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";

// The stability watermark over long conversations: it advances, what it passes is dropped, and what the
// channel keeps stays bounded. `WATERMARK_MESSAGES=100000` runs the memory-network test at 10^5 messages
// (423 s on a loaded 2-core machine, 1 500-1 596 rows and at most 21 KB of meta all along); CI runs it at
// 3 000 and the delivery state at 10^5.

const SEED = 2202;

/** A memory storage whose open channel can be read back while it runs. */
function inspectable(): { storage: Storage; size: () => Promise<{ rows: number; metaBytes: number }> } {
  const inner = memoryStorage();
  let handle: ChannelStorage | undefined;
  const storage: Storage = {
    async open(channelId, options) {
      const opened = await inner.open(channelId, options);
      handle = opened;
      return opened;
    },
    close: () => inner.close(),
  };
  const size = async () => {
    if (handle === undefined) throw new Error("not open");
    const state = await handle.load();
    const metaBytes = Object.values(state.meta).reduce((sum, value) => sum + value.length, 0);
    const rows = state.outbox.length + state.log.length + state.incoming.length + state.handled.length;
    return { rows, metaBytes };
  };
  return { storage, size };
}

/** A content message as the tracker sees it. */
function message(senderId: string, messageId: MessageId, history: readonly MessageId[]): SdsMessage {
  return {
    senderId,
    messageId,
    channelId: "room",
    lamportTimestamp: 1n,
    causalHistory: history.map((id) => ({ messageId: id })),
    repairRequest: [],
    content: new Uint8Array([1]),
  };
}

describe("stability watermark", () => {
  it("over 10^5 messages: advances to the last one, and the delivery state stays bounded", () => {
    const MESSAGES = 100_000;
    const MAX_PENDING = 2_000;
    let delivered = 0;
    let watermark = 0;
    const delivery = new MemberDelivery({
      self: "p0",
      encryption: undefined,
      members: ["p0", "p1", "p2", "p3"],
      maxPending: MAX_PENDING,
      bloom: undefined,
      emit: (type, detail) => {
        if (type === "delivered-to-all") delivered += 1;
        if (type === "stability-watermark") watermark = (detail as { stable: number }).stable;
      },
    });
    const last = new Map<string, MessageId>();
    let mostTracked = 0;
    for (let i = 0; i < MESSAGES; i += 1) {
      const ours = `o${i}`;
      delivery.sent(message("p0", ours, [...last.values()].slice(-4)));
      last.set("p0", ours);
      // p1 answers every 5th message, p2 every 20th; p3 is away for 1 500 messages at a time.
      if (i % 5 === 0) reply("p1", i);
      if (i % 20 === 0) reply("p2", i);
      if (i % 3_000 < 1_500 && i % 10 === 0) reply("p3", i);
      mostTracked = Math.max(mostTracked, delivery.tracked);
    }
    for (const member of ["p1", "p2", "p3"]) reply(member, MESSAGES);
    expect(delivered).toBe(MESSAGES);
    expect(watermark).toBe(MESSAGES);
    expect(delivery.watermark?.messageId).toBe(`o${MESSAGES - 1}`);
    expect(delivery.tracked).toBe(0);
    expect(mostTracked).toBeLessThanOrEqual(1_600);
    expect(delivery.graphSize).toBeLessThanOrEqual(10_000);

    function reply(member: string, i: number): void {
      // Each member's message names the newest it has: its own last one and ours.
      const id = `${member}-${i}`;
      const history = [last.get(member), last.get("p0")].filter((x): x is MessageId => x !== undefined);
      delivery.observe(message(member, id, history));
      last.set(member, id);
    }
  });

  const MESSAGES = Number(process.env.WATERMARK_MESSAGES ?? 3_000);
  const BATCH = 100;
  it(`on the memory network over ${MESSAGES} messages: the watermark follows, storage stays bounded`, async () => {
    const network = createMemoryNetwork({ seed: SEED, latency: { minMs: 5, maxMs: 20 } });
    const ids = ["p0", "p1", "p2"];
    const inspect = inspectable();
    const channels: ReliableChannel[] = [];
    for (const [i, id] of ids.entries()) {
      channels.push(
        await createReliableChannel({
          channelId: "room",
          participantId: id,
          transport: network.join(id),
          clock: network.clock,
          random: createSeededRandom(SEED * 10 + i),
          members: ids,
          segmentation: false,
          // The core's windows bound the rest: the log and the delivered ids (its dedupe window).
          sds: { bloom: compactBloom() },
          logLimit: 500,
          handledIdsLimit: 1_000,
          ...(i === 0 ? { storage: inspect.storage } : {}),
        }),
      );
    }
    const [sender] = channels as [ReliableChannel];
    let stable = 0;
    sender.on("stability-watermark", (event) => {
      expect(event.stable).toBeGreaterThan(stable);
      stable = event.stable;
    });
    const samples: { sent: number; rows: number; metaBytes: number; stable: number }[] = [];
    let first: MessageId | undefined;
    const started = performance.now();
    for (let sent = 0; sent < MESSAGES; ) {
      for (let i = 0; i < BATCH; i += 1, sent += 1) {
        const id = await sender.send(text(`m${sent}`));
        first ??= id;
      }
      await drive(network.clock, 3_000, 500);
      if (sent % (MESSAGES / 10) === 0) samples.push({ sent, ...(await inspect.size()), stable });
    }
    await drive(network.clock, 10_000, 500);
    console.log(`${MESSAGES} messages in ${Math.round(performance.now() - started)} ms`, samples);
    expect(stable).toBe(MESSAGES);
    expect(sender.stabilityWatermark?.stable).toBe(MESSAGES);
    expect(sender.deliveryState(first ?? "")).toBeUndefined();
    // The log (500) and the delivered ids (1 000) are windows; the outbox empties as acknowledgements come.
    for (const sample of samples) {
      expect(sample.rows).toBeLessThanOrEqual(500 + 1_000 + BATCH);
      expect(sample.metaBytes).toBeLessThan(160_000);
    }
    for (const channel of channels) await channel.stop();
  }, 600_000);
});
