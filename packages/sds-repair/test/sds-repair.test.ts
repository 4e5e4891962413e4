import { type HistoryEntry, InvalidArgumentError, type SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  createSdsRepair,
  isInResponseGroup,
  requestOffsetMs,
  responseOffsetMs,
  sdsRepair,
} from "../src/index.js";

const W = { tMinMs: 30_000, tMaxMs: 120_000 };

function message(fields: Partial<SdsMessage> & Pick<SdsMessage, "senderId" | "messageId">): SdsMessage {
  return { channelId: "c", causalHistory: [], repairRequest: [], lamportTimestamp: 1n, ...fields };
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const fresh = { bytes: new Uint8Array(0), duplicate: false };

describe("sdsRepair requests", () => {
  it("requests a missing entry once at T_req, then re-arms it with exponential backoff", () => {
    const repair = createSdsRepair({ participantId: "alice" });
    const entry: HistoryEntry = { messageId: "m1", senderId: "bob" };
    const offset = requestOffsetMs("alice", "m1", W);
    repair.onMissing?.([entry], { now: 1_000 });
    expect(repair.nextDueAt()).toBe(1_000 + offset);
    expect(repair.hasDueRequests(1_000 + offset - 1)).toBe(false);
    expect(repair.outgoingRepairRequests?.({ now: 1_000 + offset - 1, maxEntries: 3 })).toEqual([]);
    expect(repair.hasDueRequests(1_000 + offset)).toBe(true);
    const t = 1_000 + offset;
    expect(repair.outgoingRepairRequests?.({ now: t, maxEntries: 3 })).toEqual([entry]);
    expect(repair.outgoingRepairRequests?.({ now: t, maxEntries: 3 })).toEqual([]);
    expect(repair.nextDueAt()).toBe(t + 2 * offset);
    repair.outgoingRepairRequests?.({ now: t + 2 * offset, maxEntries: 3 });
    expect(repair.nextDueAt()).toBe(t + 2 * offset + 4 * offset);
    expect(repair.stats().requestsSent).toBe(2);
  });

  it("linear backoff grows by one offset per round", () => {
    const repair = createSdsRepair({ participantId: "alice", backoff: "linear" });
    const offset = requestOffsetMs("alice", "m1", W);
    repair.onMissing?.([{ messageId: "m1" }], { now: 0 });
    repair.outgoingRepairRequests?.({ now: offset, maxEntries: 3 });
    expect(repair.nextDueAt()).toBe(offset + 2 * offset);
    repair.outgoingRepairRequests?.({ now: 3 * offset, maxEntries: 3 });
    expect(repair.nextDueAt()).toBe(3 * offset + 3 * offset);
  });

  it("gives up after maxRequestRounds", () => {
    const repair = createSdsRepair({ participantId: "alice", maxRequestRounds: 2 });
    repair.onMissing?.([{ messageId: "m1" }], { now: 0 });
    repair.outgoingRepairRequests?.({ now: 10_000_000, maxEntries: 3 });
    expect(repair.outgoingRepairRequests?.({ now: 20_000_000, maxEntries: 3 })).toHaveLength(1);
    expect(repair.nextDueAt()).toBeUndefined();
  });

  it("is repairing a missing entry until the answers to its last request can no longer come", () => {
    const repair = createSdsRepair({ participantId: "alice", maxRequestRounds: 2, ...W });
    expect(repair.isRepairing("m1", 0)).toBe(false);
    repair.onMissing?.([{ messageId: "m1" }], { now: 0 });
    expect(repair.isRepairing("m1", 0)).toBe(true);
    repair.outgoingRepairRequests?.({ now: 10_000_000, maxEntries: 3 });
    repair.outgoingRepairRequests?.({ now: 20_000_000, maxEntries: 3 }); // the last round
    expect(repair.nextDueAt()).toBeUndefined();
    expect(repair.isRepairing("m1", 20_000_000 + W.tMaxMs - 1)).toBe(true);
    expect(repair.isRepairing("m1", 20_000_000 + W.tMaxMs)).toBe(false);
    expect(repair.isRepairing("m1", 20_000_000)).toBe(false); // forgotten once over
  });

  it("is no longer repairing an entry that arrived or was resolved, even after its last request", () => {
    const repair = createSdsRepair({ participantId: "alice", maxRequestRounds: 1 });
    repair.onMissing?.([{ messageId: "m1" }, { messageId: "m2" }], { now: 0 });
    repair.outgoingRepairRequests?.({ now: 10_000_000, maxEntries: 3 });
    expect(repair.isRepairing("m1", 10_000_001)).toBe(true);
    repair.onIncoming?.(message({ senderId: "bob", messageId: "m1", content: bytesOf("m1") }), {
      now: 10_000_002,
      ...fresh,
    });
    repair.onResolved?.(["m2"], { now: 10_000_003 });
    expect(repair.isRepairing("m1", 10_000_004)).toBe(false);
    expect(repair.isRepairing("m2", 10_000_004)).toBe(false);
  });

  it("fills at most maxRequestsPerMessage (and the core's maxEntries), lowest T_req first", () => {
    const repair = createSdsRepair({ participantId: "alice", maxRequestsPerMessage: 2 });
    const ids = ["a", "b", "c", "d", "e"];
    repair.onMissing?.(
      ids.map((messageId) => ({ messageId })),
      { now: 0 },
    );
    const byOffset = [...ids].sort((x, y) => requestOffsetMs("alice", x, W) - requestOffsetMs("alice", y, W));
    const first = repair.outgoingRepairRequests?.({ now: 200_000, maxEntries: 10 }) ?? [];
    expect(first.map((e) => e.messageId)).toEqual(byOffset.slice(0, 2));
    const second = repair.outgoingRepairRequests?.({ now: 200_000, maxEntries: 1 }) ?? [];
    expect(second.map((e) => e.messageId)).toEqual(byOffset.slice(2, 3));
  });

  it("defers its own request when someone else's request for the entry is seen", () => {
    const repair = createSdsRepair({ participantId: "alice" });
    const offset = requestOffsetMs("alice", "m1", W);
    repair.onMissing?.([{ messageId: "m1" }], { now: 0 });
    const carrier = message({ senderId: "carol", messageId: "s1", repairRequest: [{ messageId: "m1" }] });
    repair.onIncoming?.(carrier, { now: 5_000, ...fresh });
    expect(repair.hasDueRequests(offset)).toBe(false);
    expect(repair.nextDueAt()).toBe(5_000 + 2 * offset);
    expect(repair.stats().requestsSuppressed).toBe(1);
  });

  it("drops the request when the message itself arrives or is resolved", () => {
    const repair = createSdsRepair({ participantId: "alice" });
    repair.onMissing?.([{ messageId: "m1" }, { messageId: "m2" }], { now: 0 });
    repair.onIncoming?.(message({ senderId: "bob", messageId: "m1", content: bytesOf("m1") }), {
      now: 1,
      ...fresh,
    });
    repair.onResolved?.(["m2"], { now: 2 });
    expect(repair.nextDueAt()).toBeUndefined();
    expect(repair.outgoingRepairRequests?.({ now: 1e9, maxEntries: 3 })).toEqual([]);
  });

  it("caps the tracked missing entries (oldest evicted)", () => {
    const repair = createSdsRepair({ participantId: "alice", maxPendingRequests: 2 });
    repair.onMissing?.([{ messageId: "a" }, { messageId: "b" }, { messageId: "c" }], { now: 0 });
    const all = repair.outgoingRepairRequests?.({ now: 1e9, maxEntries: 10 }) ?? [];
    expect(all.map((e) => e.messageId).sort()).toEqual(["b", "c"]);
  });
});

describe("sdsRepair responses", () => {
  const original = message({ senderId: "bob", messageId: "m1", content: bytesOf("hi") });
  const originalBytes = bytesOf("encoded m1");
  const request = message({
    senderId: "carol",
    messageId: "s1",
    repairRequest: [{ messageId: "m1", senderId: "bob" }],
  });

  it("the original sender answers at once with the original bytes, once", () => {
    const bob = createSdsRepair({ participantId: "bob" });
    bob.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    bob.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(bob.nextDueAt()).toBe(60_000);
    expect(bob.due(60_000)).toEqual([originalBytes]);
    expect(bob.due(60_000)).toEqual([]);
    expect(bob.stats().responsesSent).toBe(1);
  });

  it("forgets what every member has: no answer comes from the cache any more", () => {
    const bob = createSdsRepair({ participantId: "bob" });
    bob.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    bob.forget(["m1"]);
    bob.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(bob.due(60_000)).toEqual([]);
    expect(bob.stats().responsesSent).toBe(0);
  });

  it("another holder answers after T_resp unless someone else's rebroadcast is seen first", () => {
    const dave = createSdsRepair({ participantId: "dave" });
    dave.onLogged?.(original, { now: 0, bytes: originalBytes, own: false });
    dave.onIncoming?.(request, { now: 60_000, ...fresh });
    const at = 60_000 + responseOffsetMs("dave", "bob", "m1", W.tMaxMs);
    expect(dave.nextDueAt()).toBe(at);
    expect(dave.due(at - 1)).toEqual([]);
    dave.onIncoming?.(original, { now: at - 1, bytes: originalBytes, duplicate: true });
    expect(dave.due(at)).toEqual([]);
    expect(dave.stats().responsesCancelled).toBe(1);
  });

  it("a sync reusing the message's id does not count as seeing it: the response is not suppressed", () => {
    const dave = createSdsRepair({ participantId: "dave" });
    dave.onLogged?.(original, { now: 0, bytes: originalBytes, own: false });
    dave.onIncoming?.(request, { now: 60_000, ...fresh });
    const at = 60_000 + responseOffsetMs("dave", "bob", "m1", W.tMaxMs);
    const forged = message({ senderId: "mallory", messageId: "m1" }); // a sync, no content
    dave.onIncoming?.(forged, { now: at - 1, ...fresh });
    expect(dave.due(at)).toEqual([originalBytes]);
    expect(dave.stats().responsesCancelled).toBe(0);
  });

  it("answers one requester at most maxResponsesPerRequester times per window, all at most maxResponsesPerWindow", () => {
    const bob = createSdsRepair({
      participantId: "bob",
      maxResponsesPerRequester: 2,
      maxResponsesPerWindow: 3,
      responseBudgetWindowMs: 60_000,
      cacheSize: 10,
    });
    const ids = ["a", "b", "c", "d", "e"];
    for (const id of ids)
      bob.onLogged?.(message({ senderId: "bob", messageId: id, content: bytesOf(id) }), {
        now: 0,
        bytes: bytesOf(`encoded ${id}`),
        own: true,
      });
    const ask = (from: string, id: string, now: number) =>
      bob.onIncoming?.(
        message({ senderId: from, messageId: `${from}-${id}-${now}`, repairRequest: [{ messageId: id }] }),
        { now, ...fresh },
      );
    for (const id of ids) ask("mallory", id, 60_000);
    expect(bob.due(60_000)).toEqual([bytesOf("encoded a"), bytesOf("encoded b")]);
    for (const id of ["c", "d"]) ask(`spoof-${id}`, id, 60_001);
    expect(bob.due(60_001)).toEqual([bytesOf("encoded c")]); // the window's total is used up
    expect(bob.stats().responsesRefused).toBe(4);
    ask("carol", "d", 120_000); // a new window
    expect(bob.due(120_000)).toEqual([bytesOf("encoded d")]);
  });

  it("ignores requests inside the quiet window after a rebroadcast, answers later ones", () => {
    const bob = createSdsRepair({ participantId: "bob", responseQuietMs: 10_000 });
    bob.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    bob.onIncoming?.(request, { now: 60_000, ...fresh });
    bob.due(60_000);
    bob.onIncoming?.({ ...request, messageId: "s2" }, { now: 60_500, ...fresh });
    expect(bob.due(60_500)).toEqual([]);
    bob.onIncoming?.({ ...request, messageId: "s3" }, { now: 75_000, ...fresh });
    expect(bob.due(75_000)).toEqual([originalBytes]);
  });

  it("ignores requests that arrive within the quiet window after its own first copy arrived", () => {
    const dave = createSdsRepair({ participantId: "dave", responseQuietMs: 10_000 });
    dave.onIncoming?.(original, { now: 60_000, ...fresh });
    dave.onLogged?.(original, { now: 60_000, bytes: originalBytes, own: false });
    dave.onIncoming?.(request, { now: 60_100, ...fresh });
    expect(dave.nextDueAt()).toBeUndefined();
    dave.onIncoming?.({ ...request, messageId: "s9" }, { now: 70_000, ...fresh });
    expect(dave.nextDueAt()).toBe(70_000 + responseOffsetMs("dave", "bob", "m1", W.tMaxMs));
  });

  it("ignores requests carried by repeats and by its own messages", () => {
    const bob = createSdsRepair({ participantId: "bob" });
    bob.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    bob.onIncoming?.(request, { now: 60_000, bytes: originalBytes, duplicate: true });
    bob.onIncoming?.({ ...request, senderId: "bob" }, { now: 60_000, ...fresh });
    expect(bob.nextDueAt()).toBeUndefined();
  });

  it("answers only within its response group (the sender is always in it)", () => {
    const n = 128 * 8;
    const outsider = Array.from({ length: 50 }, (_, i) => `p${i}`).find(
      (p) => !isInResponseGroup(p, "bob", "m1", 8),
    );
    expect(outsider).toBeDefined();
    const other = createSdsRepair({ participantId: outsider ?? "", participantCount: n });
    other.onLogged?.(original, { now: 0, bytes: originalBytes, own: false });
    other.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(other.nextDueAt()).toBeUndefined();
    const bob = createSdsRepair({ participantId: "bob", participantCount: n });
    bob.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    bob.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(bob.due(60_000)).toEqual([originalBytes]);
  });

  it("caches only messages of its response group (and its own), decided when they are logged", () => {
    const groups = 8;
    const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const outside = ids.filter((id) => !isInResponseGroup("dave", "bob", id, groups));
    const inside = ids.filter((id) => isInResponseGroup("dave", "bob", id, groups));
    expect(outside.length).toBeGreaterThan(0);
    expect(inside.length).toBeGreaterThan(0);
    const dave = createSdsRepair({
      participantId: "dave",
      participantCount: 128 * groups,
      responseQuietMs: 0,
    });
    for (const id of ids) {
      dave.onLogged?.({ ...original, messageId: id }, { now: 0, bytes: bytesOf(id), own: false });
    }
    dave.setParticipantCount(1); // one group now: dave would answer everything it holds
    const asked = message({
      senderId: "carol",
      messageId: "s1",
      repairRequest: ids.map((messageId) => ({ messageId })),
    });
    dave.onIncoming?.(asked, { now: 60_000, ...fresh });
    const answered = dave.due(60_000 + W.tMaxMs).map((b) => new TextDecoder().decode(b));
    expect(answered.sort()).toEqual([...inside].sort());
  });

  it("does not request what it already holds", () => {
    const dave = createSdsRepair({ participantId: "dave" });
    dave.onLogged?.(original, { now: 0, bytes: originalBytes, own: false });
    dave.onMissing?.([{ messageId: "m1" }], { now: 1 });
    expect(dave.nextDueAt()).toBeUndefined();
  });

  it("cannot answer what fell out of the cache (count cap, byte cap, TTL)", () => {
    const small = createSdsRepair({ participantId: "bob", cacheSize: 1 });
    small.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    small.onLogged?.({ ...original, messageId: "m2" }, { now: 1, bytes: originalBytes, own: true });
    small.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(small.due(60_000)).toEqual([]);

    const tiny = createSdsRepair({ participantId: "bob", cacheMaxBytes: 4 });
    tiny.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    tiny.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(tiny.due(60_000)).toEqual([]);

    const aged = createSdsRepair({ participantId: "bob", cacheTtlMs: 50_000 });
    aged.onLogged?.(original, { now: 0, bytes: originalBytes, own: true });
    aged.onIncoming?.(request, { now: 60_000, ...fresh });
    expect(aged.due(60_000)).toEqual([]);
  });
});

describe("sdsRepair options", () => {
  it("rejects invalid options and participant counts with InvalidArgumentError", () => {
    expect(() => sdsRepair({ tMinMs: 10, tMaxMs: 10 })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair({ tMinMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair({ cacheSize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair({ maxBackoffMultiplier: 0 })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair({ backoff: "quadratic" as "linear" })).toThrow(InvalidArgumentError);
    expect(() => createSdsRepair({ participantId: "a" }).setParticipantCount(-3)).toThrow(
      InvalidArgumentError,
    );
    expect(() => createSdsRepair({ participantId: "" })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair()({ participantId: "" })).toThrow(InvalidArgumentError);
  });
});

describe("sdsRepair factory", () => {
  it("validates the options at once, and creates an independent plug-in for each participant id", () => {
    const short = { tMinMs: 1_000, tMaxMs: 5_000 };
    expect(() => sdsRepair({ tMinMs: 5_000, tMaxMs: 1_000 })).toThrow(InvalidArgumentError);
    const factory = sdsRepair(short);
    const alice = factory({ participantId: "alice" });
    const bob = factory({ participantId: "bob" });
    const entry: HistoryEntry = { messageId: "m1", senderId: "carol" };
    alice.onMissing?.([entry], { now: 1_000 });
    bob.onMissing?.([entry], { now: 2_000 });
    expect(alice.nextDueAt()).toBe(1_000 + requestOffsetMs("alice", "m1", short));
    expect(bob.nextDueAt()).toBe(2_000 + requestOffsetMs("bob", "m1", short));
    const t = 1_000 + requestOffsetMs("alice", "m1", short);
    expect(alice.outgoingRepairRequests?.({ now: t, maxEntries: 3 })).toEqual([entry]);
    expect(alice.stats().requestsSent).toBe(1);
    expect(bob.stats().requestsSent).toBe(0);
  });

  it("with a participantId returns the plug-in itself, for createSdsCore or a channel of that participant", () => {
    const repair = sdsRepair({ participantId: "alice", tMinMs: 1_000, tMaxMs: 5_000 });
    expect(repair.participantId).toBe("alice");
    const entry: HistoryEntry = { messageId: "m1", senderId: "carol" };
    repair.onMissing?.([entry], { now: 1_000 });
    expect(repair.nextDueAt()).toBe(1_000 + requestOffsetMs("alice", "m1", { tMinMs: 1_000, tMaxMs: 5_000 }));
    expect(() => sdsRepair({ participantId: "" })).toThrow(InvalidArgumentError);
    expect(() => sdsRepair({ participantId: 7 as unknown as string })).toThrow(InvalidArgumentError);
  });
});
