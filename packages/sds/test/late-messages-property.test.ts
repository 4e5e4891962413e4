import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReceiveResult, SdsCore } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

const SEED = 20_261_123;
const PEERS = 4;
/** Peers 0 and 1 keep sending to the end; the others may fall silent for good (go offline, leave). */
const STAYERS = 2;

type Action =
  | { readonly kind: "send"; readonly who: number; readonly keeper: number }
  | { readonly kind: "sync"; readonly who: number }
  | { readonly kind: "deliver"; readonly to: number; readonly pick: number }
  | { readonly kind: "drop"; readonly to: number; readonly pick: number }
  | { readonly kind: "leave"; readonly who: number };

const who = fc.nat(PEERS - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("send" as const), who, keeper: fc.nat(STAYERS - 1) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sync" as const), who }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("deliver" as const), to: who, pick: fc.nat(1_000) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("drop" as const), to: who, pick: fc.nat(1_000) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("leave" as const),
      who: fc.integer({ min: STAYERS, max: PEERS - 1 }),
    }),
  },
);

/** A copy in flight; the keeper's copy of a content message (a stayer's) is never lost. */
interface Copy {
  readonly bytes: Uint8Array;
  readonly hint: Uint8Array;
  readonly kept: boolean;
}

interface Peer {
  readonly core: SdsCore;
  readonly inbox: Copy[];
  /** Own, delivered, or reported missing at some point. */
  readonly own: Set<string>;
  readonly delivered: Set<string>;
  readonly reportedMissing: Set<string>;
  silent: boolean;
}

/** The stayer that keeps a message from `from`: `choice` among the stayers other than the sender. */
function keeperOf(from: number, choice: number): number {
  const stayers = Array.from({ length: STAYERS }, (_, i) => i).filter((i) => i !== from);
  return stayers[choice % stayers.length] ?? 0;
}

const hintOf = (id: string): Uint8Array => text(id.slice(0, 32));

/**
 * Four founding peers; two of them may fall silent for good. Every content message may be lost to any
 * recipient but one, its keeper (a peer that keeps sending), and copies arrive in any order (so one may
 * arrive long after newer ones). Then the peers that still talk keep syncing over a lossless network,
 * and everyone fetches what it reports missing from a store that has every message.
 */
function simulate(actions: readonly Action[], historySize: number, recent: number) {
  const peers: Peer[] = Array.from({ length: PEERS }, (_, i) => ({
    core: peer(`p${i}`, { causalHistorySize: historySize, recentlyLoggedHistorySize: recent }),
    inbox: [],
    own: new Set(),
    delivered: new Set(),
    reportedMissing: new Set(),
    silent: false,
  }));
  const at = (i: number): Peer => peers[i % PEERS] as Peer;
  const store = new Map<string, Copy>();
  const content: string[] = [];
  let now = 1;
  const note = (p: Peer, r: ReceiveResult): void => {
    for (const d of r.delivered) p.delivered.add(d.messageId);
    for (const m of r.missing) p.reportedMissing.add(m.messageId);
  };
  const publish = (from: number, bytes: Uint8Array, id: string, keeper?: number): void => {
    for (const [j, p] of peers.entries()) {
      if (j !== from) p.inbox.push({ bytes, hint: hintOf(id), kept: j === keeper });
    }
  };
  for (const a of actions) {
    if (a.kind === "leave") at(a.who).silent = true;
    else if ((a.kind === "send" || a.kind === "sync") && at(a.who).silent) continue;
    else if (a.kind === "send") {
      const s = at(a.who).core.send(text(`m${content.length}`), { now: now++, nonce: nonce(content.length) });
      const id = s.message.messageId;
      content.push(id);
      at(a.who).own.add(id);
      store.set(id, { bytes: s.bytes, hint: hintOf(id), kept: true });
      publish(a.who, s.bytes, id, keeperOf(a.who, a.keeper));
    } else if (a.kind === "sync") {
      const s = at(a.who).core.sync({ now: now++ });
      publish(a.who, s.bytes, s.message.messageId);
    } else {
      const p = at(a.to);
      const index = a.pick % Math.max(1, p.inbox.length);
      const copy = p.inbox[index];
      if (copy === undefined || (a.kind === "drop" && copy.kept)) continue;
      p.inbox.splice(index, 1);
      if (a.kind === "deliver") note(p, p.core.receive(copy.bytes, { now: now++, retrievalHint: copy.hint }));
    }
  }
  // Everyone keeps sending (syncs, lossless now), delivers what is still in flight, fetches what is missing.
  for (let round = 0; round < content.length + 5; round++) {
    for (const [i, p] of peers.entries()) {
      if (p.silent) continue;
      const s = p.core.sync({ now: now++ });
      publish(i, s.bytes, s.message.messageId);
    }
    for (const p of peers) {
      for (const copy of p.inbox.splice(0))
        note(p, p.core.receive(copy.bytes, { now: now++, retrievalHint: copy.hint }));
      for (const entry of p.core.missing()) {
        const copy = store.get(entry.messageId);
        if (copy !== undefined) note(p, p.core.receive(copy.bytes, { now: now++, retrievalHint: copy.hint }));
      }
    }
  }
  return { peers, content };
}

describe("late messages, property", () => {
  it(`every participant delivers every message or reports it missing, under loss and any order (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(action, { maxLength: 120 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (actions, historySize, recent) => {
          const { peers, content } = simulate(actions, historySize, recent);
          for (const [i, p] of peers.entries()) {
            for (const id of content) {
              const known = p.own.has(id) || p.delivered.has(id) || p.reportedMissing.has(id);
              expect(known, `p${i} never heard of ${id} (seed ${SEED})`).toBe(true);
              // The store keeps everything, so every report led to a delivery.
              expect(p.own.has(id) || p.delivered.has(id), `p${i} did not deliver ${id} (seed ${SEED})`).toBe(
                true,
              );
            }
          }
        },
      ),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
