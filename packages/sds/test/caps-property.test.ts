import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSdsMessage, sdsMessageKind } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

const SEED = 0x0ca9_2026;
const CAPS = { maxBufferedMessages: 3, maxMissing: 2, lostDependencyTimeoutMs: 1_000 };

/** Three founding senders that hear part of each other's traffic; returns everything they published. */
function traffic(steps: readonly (readonly [number, number])[]): Uint8Array[] {
  const senders = ["s0", "s1", "s2"].map((id) => ({
    core: peer(id, { causalHistorySize: 2 }),
    inbox: [] as Uint8Array[],
  }));
  const published: Uint8Array[] = [];
  let now = 1;
  for (const [i, [who, what]] of steps.entries()) {
    const s = senders[who % 3];
    if (s === undefined) continue;
    if (what % 4 === 0) {
      const [bytes] = s.inbox.splice(what % Math.max(1, s.inbox.length), 1);
      if (bytes !== undefined) s.core.receive(bytes, { now: now++ });
      continue;
    }
    const built =
      what % 4 === 1
        ? s.core.sync({ now: now++ })
        : s.core.send(text(`m${i}`), { now: now++, nonce: nonce(i) });
    published.push(built.bytes);
    for (const other of senders) if (other !== s) other.inbox.push(built.bytes);
  }
  return published;
}

describe(`caps under arbitrary traffic (fast-check seed ${SEED})`, () => {
  it("buffer and missing set stay within their caps, every message is delivered exactly once, and every gap a cap gave up on is reported", () => {
    const step = fc.tuple(fc.nat(2), fc.nat(1_000));
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 5, maxLength: 60 }),
        fc.array(fc.nat(1_000), { maxLength: 80 }),
        (steps, picks) => {
          const published = traffic(steps);
          const pool = [...published];
          const arrivals: Uint8Array[] = [];
          for (const pick of picks) {
            if (pool.length === 0) break;
            const [bytes] =
              pick % 5 === 0 ? [published[pick % published.length]] : pool.splice(pick % pool.length, 1);
            if (bytes !== undefined) arrivals.push(bytes);
          }
          const r = peer("r", CAPS);
          const delivered: string[] = [];
          const received = new Set<string>();
          const lost = new Set<string>();
          let now = 100;
          for (const bytes of arrivals) {
            const result = r.receive(bytes, { now: now++ });
            const m = decodeSdsMessage(bytes);
            if (sdsMessageKind(m) === "content") received.add(m.messageId);
            delivered.push(...result.delivered.map((d) => d.messageId));
            expect(r.missing().length).toBeLessThanOrEqual(CAPS.maxMissing);
            expect(r.exportState().incoming.length).toBeLessThanOrEqual(CAPS.maxBufferedMessages);
            // A dependency a message was released without is reported lost, or still tracked (missing or buffered).
            for (const entry of result.lost) lost.add(entry.messageId);
            const tracked = new Set([
              ...r.missing().map((e) => e.messageId),
              ...r.exportState().incoming.map((i) => decodeSdsMessage(i.bytes).messageId),
            ]);
            for (const d of result.delivered) {
              for (const dep of d.skippedDependencies) expect(lost.has(dep) || tracked.has(dep)).toBe(true);
            }
          }
          delivered.push(
            ...r.sweep({ now: now + CAPS.lostDependencyTimeoutMs * 2 }).delivered.map((d) => d.messageId),
          );
          expect(new Set(delivered).size).toBe(delivered.length);
          expect(new Set(delivered)).toEqual(received);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
