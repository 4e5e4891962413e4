import type { StoredChannelState } from "@reliable-channel/interfaces";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SdsCore, SdsCoreInit, SdsRestoreState } from "../src/index.js";
import { restoreFromStorage } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";
import { storageModel } from "./support/storage-model.js";

const SEED = 0x5a7e_2026;
/** Small windows, so that every bounded structure drops entries within a run. */
const SMALL: Partial<SdsCoreInit> = {
  causalHistorySize: 2,
  recentlyLoggedHistorySize: 2,
  maxUnnamedEntries: 3,
  maxLogEntries: 6,
  dedupeWindow: 8,
  maxBufferedMessages: 4,
  maxMissing: 3,
  lostDependencyTimeoutMs: 50,
};

/** The state of `core` with the buffer in storage order (a restored buffer is refilled in that order). */
function normalized(core: SdsCore): SdsRestoreState {
  return byStorageOrder(core.exportState());
}

function byStorageOrder(state: SdsRestoreState): SdsRestoreState {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
  const incoming = [...state.incoming].sort((a, b) =>
    a.receivedAt === b.receivedAt ? hex(a.bytes).localeCompare(hex(b.bytes)) : a.receivedAt - b.receivedAt,
  );
  return { ...state, incoming };
}

/**
 * The parts of the state that are rows (a crash between checkpoints keeps them exactly), the delivered
 * floors and the origins they are raised from included.
 */
function rows(state: SdsRestoreState) {
  const { log, handled, released, incoming, lamportTimestamp, sequence, floors } = byStorageOrder(state);
  const outgoing = state.outgoing.map((o) => o.entry);
  return { log, handled, released, incoming, lamportTimestamp, sequence, outgoing, floors };
}

/** Storage holds exactly the live rows: nothing a bounded window forgot, nothing delivered still buffered. */
function expectStoredRows(stored: StoredChannelState, live: SdsCore): void {
  const state = normalized(live);
  const restored = restoreFromStorage(stored);
  expect(restored === undefined ? undefined : rows(restored)).toEqual(rows(state));
}

type Step = readonly [kind: number, pick: number];

/**
 * Participant "a" under test, and two others whose messages reach it in any order, duplicated or not at
 * all; "a" sends, syncs, sweeps, gives up dependencies, records hints, checkpoints, restarts and crashes.
 * Every change "a" returns is applied to a storage model.
 */
function run(steps: readonly Step[]): void {
  const storage = storageModel();
  const create = (restore?: SdsRestoreState): SdsCore =>
    peer("a", { ...SMALL, ...(restore === undefined ? {} : { restore }) });
  let a = create();
  storage.apply(a.checkpoint());
  const others = [peer("b", SMALL), peer("c", SMALL)];
  const pool: Uint8Array[] = [];
  const own: string[] = [];
  let now = 1;
  for (const [i, [kind, pick]] of steps.entries()) {
    now += pick % 7;
    const other = others[pick % 2];
    switch (kind) {
      case 0:
      case 1: {
        const built = other?.send(text(`o${i}`), { now, nonce: nonce(i) });
        if (built !== undefined) pool.push(built.bytes);
        break;
      }
      case 2:
      case 3: {
        const bytes =
          pick % 5 === 0
            ? pool[pick % Math.max(1, pool.length)]
            : pool.splice(pick % Math.max(1, pool.length), 1)[0];
        if (bytes !== undefined) storage.apply(a.receive(bytes, { now }).changes);
        break;
      }
      case 4: {
        const sent = a.send(text(`a${i}`), { now, nonce: nonce(i) });
        storage.apply(sent.changes);
        own.push(sent.message.messageId);
        for (const o of others) if (pick % 3 !== 0) o.receive(sent.bytes, { now });
        break;
      }
      case 5: {
        storage.apply(a.sync({ now }).changes);
        const sync = others[(pick + 1) % 2]?.sync({ now });
        if (sync !== undefined) pool.push(sync.bytes);
        break;
      }
      case 6:
        storage.apply(a.sweep({ now, declareLost: pick % 2 === 0 }).changes);
        break;
      case 7: {
        const ids = a.missing().map((e) => e.messageId);
        storage.apply(a.markIrretrievable(ids.slice(0, 1 + (pick % 2)), { now }).changes);
        break;
      }
      case 8: {
        const id = own[pick % Math.max(1, own.length)];
        if (id !== undefined) storage.apply(a.recordRetrievalHint(id, nonce(pick)).changes);
        break;
      }
      case 9:
        storage.apply(a.checkpoint());
        break;
      default: {
        // A restart (checkpoint first, as on stop) or a crash (whatever was committed last).
        if (pick % 2 === 0) storage.apply(a.checkpoint());
        expectStoredRows(storage.load(), a);
        const restarted = create(restoreFromStorage(storage.load()));
        expect(rows(normalized(restarted))).toEqual(rows(normalized(a)));
        if (pick % 2 === 0) expect(normalized(restarted)).toEqual(normalized(a));
        a = restarted;
      }
    }
  }
  storage.apply(a.checkpoint());
  expectStoredRows(storage.load(), a);
  const restored = create(restoreFromStorage(storage.load()));
  expect(normalized(restored)).toEqual(normalized(a));
}

describe(`crash safety (fast-check seed ${SEED})`, () => {
  it("after any sequence of operations, the changes applied to empty storage restore a core equal to the live one", () => {
    const step = fc.tuple(fc.nat(10), fc.nat(1_000));
    fc.assert(
      fc.property(fc.array(step, { minLength: 60, maxLength: 200 }), (steps) => run(steps)),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("bounds what a checkpoint writes: buffered messages are rows, not part of the checkpoint", () => {
    const storage = storageModel();
    const b = peer("b", { maxBufferedBytes: 64 * 1024 * 1024 });
    const a = peer("a");
    storage.apply(a.checkpoint());
    const payload = new Uint8Array(150_000).fill(7);
    const gap = b.send(text("missing"), { now: 1, nonce: nonce(0) });
    expect(gap.changes.length).toBeGreaterThan(0);
    const writes: number[] = [];
    for (let i = 1; i <= 40; i++) {
      const bytes = b.send(payload, { now: 1 + i, nonce: nonce(i) }).bytes;
      const { changes, outcome } = a.receive(bytes, { now: 1 + i });
      expect(outcome).toBe("buffered");
      expect(changes.filter((op) => op.type === "incoming-put")).toHaveLength(1);
      const checkpoint = a.checkpoint();
      writes.push(checkpoint.reduce((sum, op) => sum + (op.type === "meta-put" ? op.value.length : 0), 0));
      storage.apply([...changes, ...checkpoint]);
    }
    // 6 MB wait in the buffer; each checkpoint stays the size of the small state, not of the buffer.
    expect(Math.max(...writes)).toBeLessThan(64 * 1024);
    expect(storage.metaBytes()).toBeLessThan(64 * 1024);
    expect(storage.load().incoming).toHaveLength(40);
  });
});
