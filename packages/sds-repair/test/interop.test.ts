import { createSdsCore } from "@reliable-channel/sds";
import { type HistoryEntry, Message, MessageChannel } from "@waku/sds";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSdsRepair } from "../src/index.js";

const CHANNEL = "interop-repair";
const START = Date.UTC(2026, 0, 1);
const T = { tMinMs: 1_000, tMaxMs: 5_000 };
const text = (s: string) => new TextEncoder().encode(s);
const nonce = (i: number) => Uint8Array.from({ length: 16 }, (_, j) => i * 31 + j);

describe("SDS-R interop with @waku/sds 0.0.8 (repair enabled)", () => {
  // @waku/sds reads Date.now() for its repair timing: drive it with fake timers, never wall-clock time.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a request from either side is answered by the other", async () => {
    const theirs = new MessageChannel(CHANNEL, "waku", {
      enableRepair: true,
      repairConfig: { tMin: T.tMinMs, tMax: T.tMaxMs },
    });
    const repair = createSdsRepair({ participantId: "ours", ...T });
    const ours = createSdsCore({
      channelId: CHANNEL,
      participantId: "ours",
      extensions: [repair],
      joinFrontier: false,
    });
    const toTheirs = async (bytes: Uint8Array) => {
      const message = Message.decode(bytes);
      if (message === undefined) throw new Error("@waku/sds could not decode our message");
      theirs.pushIncomingMessage(message, undefined);
      await theirs.processTasks();
    };
    const theirSend = async (payload: Uint8Array) => {
      let sent: { bytes: Uint8Array; history: readonly HistoryEntry[] } = {
        bytes: new Uint8Array(0),
        history: [],
      };
      await theirs.pushOutgoingMessage(payload, async (message) => {
        sent = { bytes: message.encode(), history: message.causalHistory };
        return { success: true };
      });
      await theirs.processTasks();
      return sent;
    };

    // 1. They request, we answer: our first message never reaches them, our second names it.
    const lost = ours.send(text("ours: lost"), { now: Date.now(), nonce: nonce(1) });
    const next = ours.send(text("ours: next"), { now: Date.now(), nonce: nonce(2) });
    await toTheirs(next.bytes);
    vi.advanceTimersByTime(T.tMaxMs);
    let theirSync: Uint8Array = new Uint8Array(0);
    await theirs.pushOutgoingSyncMessage(async (message) => {
      expect(message.repairRequest.map((e) => e.messageId)).toEqual([lost.message.messageId]);
      expect(message.repairRequest[0]?.senderId).toBe("ours");
      theirSync = message.encode();
      return true;
    });
    ours.receive(theirSync, { now: Date.now() });
    const answers = repair.due(Date.now());
    expect(answers).toEqual([lost.bytes]);
    for (const bytes of answers) await toTheirs(bytes);
    theirs.sweepIncomingBuffer(); // @waku/sds releases dependents only when swept

    // 2. We request, they answer: their first message never reaches us, their second names it.
    const theirLost = await theirSend(text("waku: lost"));
    // Their causal history now names both of our messages: the repair reached their log.
    expect(theirLost.history.map((e) => e.messageId)).toEqual([
      lost.message.messageId,
      next.message.messageId,
    ]);
    const theirNext = await theirSend(text("waku: next"));
    const lostId = Message.decode(theirLost.bytes)?.messageId;
    const missing = ours.receive(theirNext.bytes, { now: Date.now() }).missing;
    expect(missing.map((e) => e.messageId)).toEqual([lostId]);
    const dueAt = repair.nextDueAt() ?? Number.POSITIVE_INFINITY;
    expect(dueAt - Date.now()).toBeGreaterThanOrEqual(T.tMinMs);
    vi.setSystemTime(dueAt);
    expect(repair.hasDueRequests(Date.now())).toBe(true);
    const sync = ours.sync({ now: Date.now() });
    expect(sync.message.repairRequest).toEqual([
      expect.objectContaining({ messageId: lostId, senderId: "waku" }),
    ]);
    await toTheirs(sync.bytes);
    const rebroadcasts: Uint8Array[] = [];
    await theirs.sweepRepairIncomingBuffer(async (message) => {
      rebroadcasts.push(message.encode());
      return true;
    });
    expect(rebroadcasts).toHaveLength(1);
    const results = rebroadcasts.map((bytes) => ours.receive(bytes, { now: Date.now() }));
    const texts = results.flatMap((r) => r.delivered.map((m) => new TextDecoder().decode(m.content)));
    expect(texts).toEqual(["waku: lost", "waku: next"]);
    expect(repair.nextDueAt()).toBeUndefined();
  });
});
