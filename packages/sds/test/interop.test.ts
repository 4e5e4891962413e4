import { Message, MessageChannel, MessageChannelEvent } from "@waku/sds";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSdsCore, wakuCompatBloom } from "../src/index.js";

const T0 = 1_700_000_000_000;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const hint = (n: number): Uint8Array => new Uint8Array(32).fill(n);

/** A js-waku MessageChannel driven by hand: what it publishes, delivers and acknowledges is recorded. */
function wakuPeer(id: string) {
  const channel = new MessageChannel("room", id, { enableRepair: false });
  const delivered: string[] = [];
  const acknowledged: string[] = [];
  const errors: unknown[] = [];
  channel.addEventListener(MessageChannelEvent.InMessageDelivered, (e) => delivered.push(e.detail));
  channel.addEventListener(MessageChannelEvent.OutMessageAcknowledged, (e) => acknowledged.push(e.detail));
  channel.addEventListener(MessageChannelEvent.ErrorTask, (e) => errors.push(e.detail));
  return {
    channel,
    delivered,
    acknowledged,
    errors,
    async send(payload: string, h: Uint8Array): Promise<{ id: string; bytes: Uint8Array }> {
      let out: { id: string; bytes: Uint8Array } | undefined;
      channel.pushOutgoingMessage(text(payload), async (m) => {
        out = { id: m.messageId, bytes: m.encode() };
        return { success: true, retrievalHint: h };
      });
      await channel.processTasks();
      if (out === undefined) throw new Error("js-waku did not send");
      return out;
    },
    async sync(): Promise<Uint8Array> {
      let bytes: Uint8Array | undefined;
      await channel.pushOutgoingSyncMessage(async (m) => {
        bytes = m.encode();
        return true;
      });
      if (bytes === undefined) throw new Error("js-waku did not sync");
      return bytes;
    },
    async receive(bytes: Uint8Array, h?: Uint8Array): Promise<void> {
      const m = Message.decode(bytes);
      if (m === undefined) throw new Error("js-waku could not decode our bytes");
      channel.pushIncomingMessage(m, h);
      await channel.processTasks();
      channel.sweepIncomingBuffer();
    },
  };
}

describe("interop with @waku/sds 0.0.8", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("exchanges content and sync both ways: causal delivery and acknowledgements on each side", async () => {
    const waku = wakuPeer("waku-peer");
    const ours = createSdsCore({
      channelId: "room",
      participantId: "our-peer",
      bloom: wakuCompatBloom,
      joinedAt: T0,
      joinFrontier: false,
    });
    let now = T0;
    const tick = (): number => {
      now += 10;
      vi.setSystemTime(now);
      return now;
    };

    // js-waku → ours, out of order: ours delivers in causal order.
    const w1 = await waku.send("w1", hint(1));
    tick();
    const w2 = await waku.send("w2", hint(2));
    const early = ours.receive(w2.bytes, { now: tick(), retrievalHint: hint(2) });
    expect(early.outcome).toBe("buffered");
    expect(early.missing).toEqual([{ messageId: w1.id, retrievalHint: hint(1), senderId: "waku-peer" }]);
    const late = ours.receive(w1.bytes, { now: tick(), retrievalHint: hint(1) });
    expect(late.delivered.map((d) => new TextDecoder().decode(d.content))).toEqual(["w1", "w2"]);

    // ours → js-waku, out of order: js-waku delivers in causal order and sees w1, w2 acknowledged.
    const o1 = ours.send(text("o1"), { now: tick(), nonce: new Uint8Array([1]) });
    ours.recordRetrievalHint(o1.message.messageId, hint(11));
    const o2 = ours.send(text("o2"), { now: tick(), nonce: new Uint8Array([2]) });
    expect(o2.bytes.length).toBeLessThan(19_500);
    await waku.receive(o2.bytes, hint(12));
    expect(waku.delivered).toEqual([]);
    await waku.receive(o1.bytes, hint(11));
    expect(waku.delivered).toEqual([o1.message.messageId, o2.message.messageId]);
    expect(waku.acknowledged).toEqual(expect.arrayContaining([w1.id, w2.id]));

    // js-waku's next message names o1 and o2 in its causal history: ours sees them acknowledged.
    tick();
    const w3 = await waku.send("w3", hint(3));
    const r3 = ours.receive(w3.bytes, { now: tick(), retrievalHint: hint(3) });
    expect(r3.outcome).toBe("delivered");
    expect(r3.acknowledged).toEqual([o1.message.messageId, o2.message.messageId]);
    expect(ours.outgoing()).toEqual([]);

    // sync both ways: our sync acknowledges w3 at js-waku; js-waku's sync is a sync for us.
    const ourSync = ours.sync({ now: tick() });
    await waku.receive(ourSync.bytes);
    expect(waku.acknowledged).toContain(w3.id);
    tick();
    const theirSync = ours.receive(await waku.sync(), { now: tick() });
    expect(theirSync.outcome).toBe("sync");
    expect(theirSync.delivered).toEqual([]);

    // own echoes are never delivered back, on either side
    expect(ours.receive(o1.bytes, { now: tick() }).outcome).toBe("own-echo");
    await waku.receive(w1.bytes);
    expect(waku.delivered).toEqual([o1.message.messageId, o2.message.messageId]);
    expect(waku.errors).toEqual([]);
  });
});
