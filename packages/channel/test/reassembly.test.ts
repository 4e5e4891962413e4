import type {
  MessageDroppedEvent,
  MessageReceivedEvent,
  StorageOp,
  StoredChannelState,
} from "@reliable-channel/interfaces";
import { keccak256, lip243 } from "@reliable-channel/segmentation";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { Reassembly } from "../src/reassembly.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const profile = lip243({ segmentSizeBytes: 256, parityRate: 0.5 });
const payload = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 251);
const { segments, dataCount, parityCount } = profile.split(payload);
const event = (bytes: Uint8Array, index: number): MessageReceivedEvent => ({
  messageId: `s${index}`,
  senderId: "alice",
  lamportTimestamp: BigInt(100 + index),
  payload: bytes,
});
const events = segments.map(event);

/** A reassembly over one storage namespace, recording its commits and events. */
async function open(storage = memoryStorage()) {
  const handle = await storage.open("c#segments");
  const stored: StoredChannelState = await handle.load();
  const commits: StorageOp[][] = [];
  const delivered: MessageReceivedEvent[] = [];
  const dropped: MessageDroppedEvent[] = [];
  const reassembly = new Reassembly({
    profile,
    clock: createVirtualClock(),
    timeoutMs: 60_000,
    maxMessagesPerSender: 4,
    maxMessages: 100,
    maxBytesPerSender: 1_000_000,
    commit: (ops) => {
      commits.push([...ops]);
      return handle.commit(ops);
    },
    deliver: (e) => delivered.push(e),
    drop: (e) => dropped.push(e),
    error: (error) => {
      throw error;
    },
  });
  reassembly.restore(stored.meta);
  const metaKeys = async () => Object.keys((await handle.load()).meta).sort();
  return { storage, handle, reassembly, commits, delivered, dropped, metaKeys };
}

describe("Reassembly: segments stored before SDS commits their delivery (ingest)", () => {
  it("the message is long enough to need parity left over", () => {
    expect(dataCount).toBeGreaterThanOrEqual(2);
    expect(parityCount).toBeGreaterThanOrEqual(1);
  });

  it("ingest then receive: one message, each segment written once, and nothing left but the closed mark", async () => {
    const r = await open();
    // All of them in one batch: the data segments complete the message, the parity ones come after it.
    await r.reassembly.ingest(events);
    for (const e of events) r.reassembly.receive(e);
    await r.reassembly.close();
    expect(r.delivered.map((e) => e.messageId)).toEqual([hex(keccak256(payload))]);
    expect(r.delivered[0]?.lamportTimestamp).toBe(BigInt(100 + dataCount - 1));
    const puts = r.commits.flat().filter((op) => op.type === "meta-put" && op.key.startsWith("p/"));
    expect(puts).toHaveLength(segments.length);
    // The parity segments `ingest` stored for a message that closed before `receive` took them are gone.
    expect(await r.metaKeys()).toEqual([expect.stringMatching(/^c\//)]);
  });

  it("a restart that finds a message complete (ingested, never received) delivers it once, held until released", async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    for (const e of events.slice(0, dataCount - 1)) {
      await first.reassembly.ingest([e]);
      first.reassembly.receive(e);
    }
    const last = events[dataCount - 1];
    if (last === undefined) throw new Error("segments");
    await first.reassembly.ingest([{ ...last, history: true }]);
    // The process ends here: the last data segment is stored, `receive` never took it.
    await first.reassembly.close();
    await first.handle.close();
    expect(first.delivered).toEqual([]);
    const second = await open(storage);
    const release = second.reassembly.deliverRestored();
    expect(release).toBeDefined();
    await Promise.resolve();
    expect(second.delivered).toEqual([]);
    release?.();
    await second.reassembly.close();
    expect(second.delivered).toHaveLength(1);
    expect(hex(second.delivered[0]?.payload ?? new Uint8Array())).toBe(hex(payload));
    expect(second.delivered[0]).toMatchObject({
      senderId: "alice",
      lamportTimestamp: BigInt(100 + dataCount - 1),
      history: true,
    });
    expect(await second.metaKeys()).toEqual([expect.stringMatching(/^c\//)]);
    // A third start finds it closed: nothing is delivered again.
    await second.handle.close();
    const third = await open(storage);
    expect(third.reassembly.deliverRestored()).toBeUndefined();
    await third.reassembly.close();
    expect(third.delivered).toEqual([]);
  });

  it("a restart drops the rows of a closed message that ingest stored, and the late segment is ignored", async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    await first.reassembly.ingest(events);
    for (const e of events.slice(0, dataCount)) first.reassembly.receive(e);
    // The process ends before `receive` takes the parity segments: their rows outlive the message.
    await first.reassembly.close();
    expect((await first.metaKeys()).filter((key) => key.startsWith("p/"))).toHaveLength(parityCount);
    await first.handle.close();
    const second = await open(storage);
    expect(second.reassembly.deliverRestored()).toBeUndefined();
    await second.reassembly.close();
    expect(await second.metaKeys()).toEqual([expect.stringMatching(/^c\//)]);
    expect([...first.delivered, ...second.delivered]).toHaveLength(1);
  });

  it("a message of one segment is not stored ahead: its SDS delivery is the message's", async () => {
    const r = await open();
    const [only] = profile.split(Uint8Array.from([1, 2, 3])).segments;
    if (only === undefined) throw new Error("segments");
    await r.reassembly.ingest([event(only, 0)]);
    expect(r.commits).toEqual([]);
    r.reassembly.receive(event(only, 0));
    await r.reassembly.close();
    expect(r.delivered.map((e) => hex(e.payload))).toEqual(["010203"]);
  });
});
