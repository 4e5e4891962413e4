import { StorageCorruptionError, type StoredChannelState } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  decodeState,
  encodeState,
  FLOOR_KEYS,
  LEGACY_SNAPSHOT_KEY,
  RELEASED_KEY_PREFIX,
  restoreFromStorage,
  SNAPSHOT_KEYS,
} from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";
import { storageModel } from "./support/storage-model.js";

/** A core that sent one message and received one, with every change and a checkpoint in storage. */
function stored(): StoredChannelState {
  const storage = storageModel();
  const a = peer("a");
  const b = peer("b");
  storage.apply(a.checkpoint());
  storage.apply(a.send(text("x"), { now: 1, nonce: nonce(1) }).changes);
  storage.apply(a.receive(b.send(text("y"), { now: 2, nonce: nonce(2) }).bytes, { now: 3 }).changes);
  storage.apply(a.receive(b.sync({ now: 4 }).bytes, { now: 5 }).changes);
  storage.apply(a.checkpoint());
  return storage.load();
}

describe("restoreFromStorage", () => {
  it("gives nothing for a store without a checkpoint (a new participant)", () => {
    expect(restoreFromStorage({ ...stored(), meta: {} })).toBeUndefined();
  });

  it("restores rows and checkpoint: log, delivered and released ids, outbox, counters", () => {
    const state = restoreFromStorage(stored());
    expect(state?.log).toHaveLength(2);
    expect(state?.handled).toHaveLength(2);
    expect(state?.released).toHaveLength(1);
    expect(state?.outgoing).toHaveLength(1);
    expect(state?.sequence).toBe(1n);
  });

  it("throws StorageCorruptionError for a missing, undecodable or misshapen part", () => {
    const good = stored();
    const without = (key: string) => {
      const { [key]: _gone, ...meta } = good.meta;
      return { ...good, meta };
    };
    const withPart = (key: string, value: Uint8Array) => ({ ...good, meta: { ...good.meta, [key]: value } });
    const damaged: StoredChannelState[] = [
      without(SNAPSHOT_KEYS.unnamed),
      withPart(SNAPSHOT_KEYS.state, new Uint8Array([9, 9])),
      withPart(SNAPSHOT_KEYS.state, encodeState({ version: 99 })),
      withPart(SNAPSHOT_KEYS.senders, encodeState([1, 2])),
      withPart(SNAPSHOT_KEYS.hits, encodeState([["id", [["p", "x"]]]])),
      withPart(SNAPSHOT_KEYS.unnamed, encodeState([{ messageId: "m" }])),
      withPart(`${RELEASED_KEY_PREFIX}zz`, new Uint8Array(3)),
      withPart(`${FLOOR_KEYS.floor}b`, encodeState("high")),
      withPart(`${FLOOR_KEYS.origin}0/b`, encodeState(2)),
      withPart(`${FLOOR_KEYS.origin}7/b`, encodeState(2n)), // a generation no longer in the window
      withPart(FLOOR_KEYS.generation, encodeState("one")),
    ];
    for (const store of damaged) expect(() => restoreFromStorage(store)).toThrow(StorageCorruptionError);
  });

  it("reads the channel's format-1 snapshot blob, and the first checkpoint removes it", () => {
    const a = peer("a");
    a.send(text("x"), { now: 1, nonce: nonce(1) });
    const {
      handled: _h,
      log: _l,
      ...rest
    } = a.exportState({ omitLogAndHandled: true, omitOutgoingBytes: true });
    const sent = a.outgoing()[0];
    const legacy: StoredChannelState = {
      outbox:
        sent === undefined ? [] : [{ ...sent, state: "sent", attempts: 1, nextAttemptAt: 0, createdAt: 0 }],
      log: a.exportState().log,
      incoming: [],
      handled: a.exportState().handled,
      counters: { lamportTimestamp: 0n, sequence: 0n },
      meta: { [LEGACY_SNAPSHOT_KEY]: encodeState(rest) },
    };
    const state = restoreFromStorage(legacy);
    expect(state?.sequence).toBe(1n);
    expect(state?.outgoing.map((o) => o.entry.bytes)).toEqual([sent?.bytes]);
    const restored = peer("a", state === undefined ? {} : { restore: state });
    expect(restored.exportState()).toEqual(a.exportState());
    expect(restored.checkpoint()).toContainEqual({ type: "meta-delete", key: LEGACY_SNAPSHOT_KEY });
  });

  it("restores the previous format (2, written before floors were rows) with no floors", () => {
    const storage = storageModel();
    const a = peer("a", { dedupeWindow: 4 });
    const b = peer("b");
    storage.apply(a.checkpoint());
    for (let i = 0; i < 6; i += 1)
      storage.apply(
        a.receive(b.send(text(`m${i}`), { now: 1 + i, nonce: nonce(i) }).bytes, { now: 9 }).changes,
      );
    storage.apply(a.checkpoint());
    const current = storage.load();
    expect(restoreFromStorage(current)?.floors?.floors.map((f) => f.senderId)).toEqual(["b"]);
    // What format 2 left: its version, and none of the floors' rows.
    const { [SNAPSHOT_KEYS.state]: part, ...others } = current.meta;
    const meta = Object.fromEntries(
      Object.entries(others).filter(([k]) => !Object.values(FLOOR_KEYS).some((p) => k.startsWith(p))),
    );
    const older = decodeState(part ?? new Uint8Array(0));
    const v2: StoredChannelState = {
      ...current,
      meta: { ...meta, [SNAPSHOT_KEYS.state]: encodeState({ ...(older as object), version: 2 }) },
    };
    const state = restoreFromStorage(v2);
    expect(state?.floors).toEqual({ generation: 0, floors: [], current: [], previous: [] });
    expect(state?.handled).toEqual(current.handled);
    const restored = peer("a", { dedupeWindow: 4, ...(state === undefined ? {} : { restore: state }) });
    expect(restored.exportState().handled).toEqual(a.exportState().handled);
    // Its next checkpoint is format 3.
    const next = restored.checkpoint().find((op) => op.type === "meta-put" && op.key === SNAPSHOT_KEYS.state);
    expect(next?.type === "meta-put" ? decodeState(next.value) : undefined).toMatchObject({ version: 3 });
  });
});
