import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SdsCore } from "../src/index.js";
import { decodeSdsMessage } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

const SEED = 20_261_122;
const NAMES = ["p0", "p1", "p2"] as const;

type Action =
  | { readonly kind: "send"; readonly who: number }
  | { readonly kind: "sync"; readonly who: number }
  | { readonly kind: "deliver"; readonly to: number; readonly pick: number }
  | { readonly kind: "repeat"; readonly to: number; readonly pick: number }
  | { readonly kind: "restart"; readonly who: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("send" as const), who: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sync" as const), who: fc.nat(2) }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("deliver" as const), to: fc.nat(2), pick: fc.nat(1_000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("repeat" as const), to: fc.nat(2), pick: fc.nat(1_000) }),
  },
);

interface Peer {
  core: SdsCore;
  readonly inbox: Uint8Array[];
  readonly received: Uint8Array[];
  readonly delivered: string[];
  /** Own and delivered ids, in the order they happened here. */
  readonly known: Set<string>;
}

/** Runs `actions` on three founding peers over a network that reorders and repeats, then drains it. */
function simulate(actions: readonly Action[], historySize: number) {
  const peers: Peer[] = NAMES.map((name) => ({
    core: peer(name, { causalHistorySize: historySize }),
    inbox: [],
    received: [],
    delivered: [],
    known: new Set<string>(),
  }));
  const contentIds = new Set<string>();
  const lamports = new Map<string, bigint>();
  let now = 1;
  const at = (i: number): Peer => peers[i] as Peer;
  const publish = (from: number, bytes: Uint8Array): void => {
    for (const [i, p] of peers.entries()) if (i !== from) p.inbox.push(bytes);
  };
  const deliver = (p: Peer, bytes: Uint8Array): void => {
    const r = p.core.receive(bytes, { now: now++ });
    p.received.push(bytes);
    for (const d of r.delivered) {
      // causal order: every content dependency was delivered (or sent) here before
      for (const dep of decodeSdsMessage(d.bytes).causalHistory) {
        if (contentIds.has(dep.messageId)) expect(p.known.has(dep.messageId)).toBe(true);
      }
      p.delivered.push(d.messageId);
      p.known.add(d.messageId);
    }
  };
  let n = 0;
  for (const a of actions) {
    if (a.kind === "send") {
      const s = at(a.who).core.send(text(`m${n}`), { now: now++, nonce: nonce(n++) });
      // a message's Lamport timestamp exceeds that of everything its causal history names
      for (const dep of s.message.causalHistory) {
        expect(s.message.lamportTimestamp ?? 0n).toBeGreaterThan(lamports.get(dep.messageId) ?? -1n);
      }
      lamports.set(s.message.messageId, s.message.lamportTimestamp ?? 0n);
      contentIds.add(s.message.messageId);
      at(a.who).known.add(s.message.messageId);
      publish(a.who, s.bytes);
    } else if (a.kind === "restart") {
      const p = at(a.who);
      p.core = peer(NAMES[a.who] ?? "", { causalHistorySize: historySize, restore: p.core.exportState() });
    } else if (a.kind === "sync") {
      publish(a.who, at(a.who).core.sync({ now: now++ }).bytes);
    } else if (a.kind === "deliver") {
      const p = at(a.to);
      const [bytes] = p.inbox.splice(a.pick % Math.max(1, p.inbox.length), 1);
      if (bytes !== undefined) deliver(p, bytes);
    } else {
      const p = at(a.to);
      const bytes = p.received[a.pick % Math.max(1, p.received.length)];
      if (bytes === undefined) continue;
      const before = p.core.exportState();
      const r = p.core.receive(bytes, { now });
      expect(r.delivered).toEqual([]);
      expect(p.core.exportState()).toEqual(before);
    }
  }
  for (const p of peers) while (p.inbox.length > 0) deliver(p, p.inbox.shift() as Uint8Array);
  return { peers, contentIds, publish, deliver, at, now: () => now++ };
}

describe("SDS properties", () => {
  it(`delivers every message exactly once, in causal order, same final log everywhere, across restarts (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (actions, h) => {
        const { peers, contentIds } = simulate(actions, h);
        const logs = peers.map((p) => p.core.exportState().log.map((e) => e.messageId));
        for (const p of peers) {
          expect(new Set(p.delivered).size).toBe(p.delivered.length);
          expect(p.core.missing()).toEqual([]);
          const mine = new Set(p.core.exportState().log.map((e) => e.messageId));
          expect(mine).toEqual(contentIds);
        }
        expect(logs[1]).toEqual(logs[0]);
        expect(logs[2]).toEqual(logs[0]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it(`acknowledges every message once everyone has synced (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (actions, h) => {
        const sim = simulate(actions, h);
        for (let round = 0; round < 2; round++) {
          for (const [i, p] of sim.peers.entries()) sim.publish(i, p.core.sync({ now: sim.now() }).bytes);
          for (const p of sim.peers) while (p.inbox.length > 0) sim.deliver(p, p.inbox.shift() as Uint8Array);
        }
        for (const p of sim.peers) expect(p.core.outgoing()).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
