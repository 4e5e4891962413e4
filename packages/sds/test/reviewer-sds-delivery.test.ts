// An independent reviewer's checks of the SDS core, through the package's public entry only
// (`@reliable-channel/sds` and `@reliable-channel/sds/nim-sds`), against what its README promises.
// Randomized scenarios take fresh seeds (8_100_001..) and print them on failure.
import { InvalidArgumentError, PayloadTooLargeError } from "@reliable-channel/interfaces";
import {
  createSdsCore,
  DEFAULT_LOST_DEPENDENCY_TIMEOUT_MS,
  DEFAULT_MAX_CLOCK_DRIFT_MS,
  type SdsCore,
} from "@reliable-channel/sds";
import { nimSdsWire } from "@reliable-channel/sds/nim-sds";
import { describe, expect, it } from "vitest";
import { member, nonceOf, shuffle, str, text, withSeed } from "./support/reviewer-sds.js";

describe("reviewer: send", () => {
  it("gives 64-hex ids unique per send (same content and nonce too), sequences 1..n, Lamport max(now, clock + 1)", () => {
    const alice = member("alice");
    const sends = [1_000, 1_000, 500, 5_000].map((now) =>
      alice.send(text("same"), { now, nonce: new Uint8Array([7]) }),
    );
    const ids = sends.map((s) => s.message.messageId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sends.map((s) => s.sequence)).toEqual([1n, 2n, 3n, 4n]);
    expect(sends.map((s) => s.message.lamportTimestamp)).toEqual([1_000n, 1_001n, 1_002n, 5_000n]);
    expect(alice.outgoing().map((o) => o.messageId)).toEqual(ids);
  });

  it("refuses bad arguments with InvalidArgumentError and an oversize message with PayloadTooLargeError, changing nothing", () => {
    const alice = member("alice");
    const first = alice.send(text("first"), { now: 10, nonce: nonceOf(1) });
    const before = alice.exportState();
    const attempts: [string, () => unknown, new (...args: never[]) => Error][] = [
      [
        "empty content",
        () => alice.send(new Uint8Array(0), { now: 20, nonce: nonceOf(2) }),
        InvalidArgumentError,
      ],
      [
        "maxBytes 0",
        () => alice.send(text("x"), { now: 20, nonce: nonceOf(2), maxBytes: 0 }),
        InvalidArgumentError,
      ],
      [
        "maxBytes 1.5",
        () => alice.send(text("x"), { now: 20, nonce: nonceOf(2), maxBytes: 1.5 }),
        InvalidArgumentError,
      ],
      [
        "maxBytes NaN",
        () => alice.send(text("x"), { now: 20, nonce: nonceOf(2), maxBytes: Number.NaN }),
        InvalidArgumentError,
      ],
      [
        "empty messageId",
        () => alice.send(text("x"), { now: 20, nonce: nonceOf(2), messageId: "" }),
        InvalidArgumentError,
      ],
      [
        "a known messageId",
        () => alice.send(text("x"), { now: 20, nonce: nonceOf(2), messageId: first.message.messageId }),
        InvalidArgumentError,
      ],
      [
        "maxBytes too small",
        () => alice.send(text("x".repeat(200)), { now: 20, nonce: nonceOf(2), maxBytes: 100 }),
        PayloadTooLargeError,
      ],
      ["sync maxBytes -1", () => alice.sync({ now: 20, maxBytes: -1 }), InvalidArgumentError],
      [
        "empty ephemeral",
        () => alice.ephemeral(new Uint8Array(0), { nonce: nonceOf(2) }),
        InvalidArgumentError,
      ],
    ];
    for (const [label, attempt, type] of attempts) {
      expect(attempt, label).toThrow(type);
      expect(alice.exportState(), `state after ${label}`).toEqual(before);
    }
    // The next send takes the sequence and tick the refused ones did not.
    const next = alice.send(text("x"), { now: 20, nonce: nonceOf(2) });
    expect(next.sequence).toBe(2n);
    expect(next.message.lamportTimestamp).toBe(20n);
  });

  it("on the nim-sds wire has no ephemeral messages (InvalidArgumentError)", () => {
    const nim = createSdsCore({ channelId: "review", participantId: "alice", wire: nimSdsWire });
    expect(() => nim.ephemeral(text("x"), { nonce: nonceOf(1) })).toThrow(InvalidArgumentError);
  });
});

describe("reviewer: causal delivery under random arrival", () => {
  /**
   * Three senders talk, each hearing a random subset of what was said before (in random order); then two
   * readers get every message, with duplicates, each in its own random order. Each reader delivers every
   * message exactly once, after every dependency it names, and both end with the same log order.
   */
  for (let seed = 8_100_001; seed <= 8_100_012; seed++) {
    it(`seed ${seed}: exactly once, in causal order, same log order at every reader`, () => {
      withSeed(seed, (random) => {
        const senders = ["s1", "s2", "s3"].map((id) => member(id, { causalHistorySize: 2 }));
        const said: { id: string; bytes: Uint8Array; deps: string[] }[] = [];
        let now = 1_000;
        for (let round = 0; round < 30; round++) {
          const sender = senders[random.int(senders.length)] as SdsCore;
          for (const m of shuffle(random, said).filter(() => random.next() < 0.5)) {
            sender.receive(m.bytes, { now: now++ });
          }
          const sent = sender.send(text(`m${round}`), { now: now++, nonce: random.bytes(4) });
          said.push({
            id: sent.message.messageId,
            bytes: sent.bytes,
            deps: sent.message.causalHistory.map((e) => e.messageId),
          });
        }
        const logs: string[][] = [];
        for (const readerId of ["r1", "r2"]) {
          const reader = member(readerId);
          const arrivals = shuffle(random, [...said, ...said.filter(() => random.next() < 0.3)]);
          const delivered: string[] = [];
          for (const m of arrivals) {
            const result = reader.receive(m.bytes, { now: now++ });
            expect(["delivered", "buffered", "duplicate"]).toContain(result.outcome);
            delivered.push(...result.delivered.map((d) => d.messageId));
          }
          expect(new Set(delivered).size, "each delivered once").toBe(delivered.length);
          expect([...delivered].sort()).toEqual(said.map((m) => m.id).sort());
          const position = new Map(delivered.map((id, index) => [id, index]));
          for (const m of said) {
            for (const dep of m.deps) {
              expect(position.get(dep), `${dep} before ${m.id}`).toBeLessThan(position.get(m.id) ?? -1);
            }
          }
          expect(reader.missing()).toEqual([]);
          logs.push(reader.exportState().log.map((entry) => entry.messageId));
        }
        expect(logs[0]).toEqual(logs[1]);
      });
    });
  }
});

describe("reviewer: bad input", () => {
  it("seed 8_100_101: random and truncated bytes never throw, and an invalid message changes nothing", () => {
    withSeed(8_100_101, (random) => {
      const alice = member("alice");
      const bob = member("bob");
      const valid = alice.send(text("hello, bob"), { now: 1_000, nonce: nonceOf(1) }).bytes;
      bob.receive(alice.send(text("warm-up"), { now: 1_001, nonce: nonceOf(2) }).bytes, { now: 1_002 });
      const inputs: Uint8Array[] = [new Uint8Array(0)];
      for (let cut = 1; cut < valid.length; cut += 3) inputs.push(valid.slice(0, cut));
      for (let i = 0; i < 300; i++) inputs.push(random.bytes(1 + random.int(80)));
      for (let i = 0; i < 100; i++) {
        const flipped = valid.slice();
        const at = random.int(flipped.length);
        flipped[at] = (flipped[at] ?? 0) ^ (1 << random.int(8));
        inputs.push(flipped);
      }
      for (const bytes of inputs) {
        const before = bob.exportState();
        const result = bob.receive(bytes, { now: 2_000 });
        if (result.outcome === "invalid" || result.outcome === "wrong-channel") {
          expect(result.changes, `changes of ${Buffer.from(bytes).toString("hex")}`).toEqual([]);
          expect(bob.exportState()).toEqual(before);
          if (result.outcome === "invalid") expect(result.reason).toBeTruthy();
        }
      }
    });
  });

  it("holds a message from a fast clock until local time is within maxClockDriftMs; rejects one beyond that plus the lost timeout", () => {
    const fast = member("fast");
    const bob = member("bob");
    const ahead = fast.send(text("from the future"), {
      now: 1_000 + 2 * DEFAULT_MAX_CLOCK_DRIFT_MS,
      nonce: nonceOf(1),
    });
    const held = bob.receive(ahead.bytes, { now: 1_000 });
    expect(held.outcome).toBe("buffered");
    expect(held.reason).toMatch(/ahead/);
    expect(bob.lamportTimestamp, "our clock is not dragged forward").toBeLessThan(2_000n);
    expect(bob.sweep({ now: 1_000 + DEFAULT_MAX_CLOCK_DRIFT_MS - 1 }).delivered).toEqual([]);
    const released = bob.sweep({ now: 1_000 + DEFAULT_MAX_CLOCK_DRIFT_MS });
    expect(released.delivered.map((d) => str(d.content))).toEqual(["from the future"]);

    const tooFar = member("tooFar");
    const far = tooFar.send(text("never"), {
      now: 1_000 + DEFAULT_MAX_CLOCK_DRIFT_MS + DEFAULT_LOST_DEPENDENCY_TIMEOUT_MS + 1_000,
      nonce: nonceOf(2),
    });
    const rejected = bob.receive(far.bytes, { now: 1_000 });
    expect(rejected.outcome).toBe("invalid");
    expect(rejected.reason).toMatch(/future/);
  });

  it("answers duplicates, own echoes and other channels' messages without delivering", () => {
    const alice = member("alice");
    const bob = member("bob");
    const m = alice.send(text("once"), { now: 10, nonce: nonceOf(1) });
    expect(bob.receive(m.bytes, { now: 11 }).outcome).toBe("delivered");
    expect(bob.receive(m.bytes, { now: 12 })).toMatchObject({ outcome: "duplicate", delivered: [] });
    expect(alice.receive(m.bytes, { now: 12 })).toMatchObject({ outcome: "own-echo", delivered: [] });
    const stranger = createSdsCore({ channelId: "elsewhere", participantId: "carol", joinedAt: 0 });
    expect(stranger.receive(m.bytes, { now: 12 })).toMatchObject({ outcome: "wrong-channel", delivered: [] });
  });
});
