import { StorageCorruptionError, type StoredChannelState } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  encodeState,
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
});
