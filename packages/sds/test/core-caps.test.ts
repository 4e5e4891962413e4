import type { SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { encodeSdsMessage } from "../src/index.js";
import { peer } from "./support/peers.js";

/** A sync message from "mallory" naming `ids` in its causal history. */
function syncNaming(ids: readonly string[], lamport: bigint): Uint8Array {
  const message: SdsMessage = {
    senderId: "mallory",
    messageId: `sync-${lamport}`,
    channelId: "room",
    lamportTimestamp: lamport,
    causalHistory: ids.map((messageId) => ({ messageId })),
    repairRequest: [],
  };
  return encodeSdsMessage(message);
}

describe("caps on the missing set", () => {
  it("a sync never grows the missing set past maxMissing, also when it is already full", () => {
    const b = peer("bob", { maxMissing: 2 });
    b.receive(syncNaming(["x1", "x2"], 10n), { now: 10 });
    expect(b.missing()).toHaveLength(2);
    const full = b.receive(syncNaming(["y1", "y2", "y3"], 11n), { now: 11 });
    expect(full.missing).toEqual([]);
    expect(b.missing().map((e) => e.messageId)).toEqual(["x1", "x2"]);
  });
});
