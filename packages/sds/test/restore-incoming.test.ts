import { describe, expect, it } from "vitest";
import { nonce, peer, str, text } from "./support/peers.js";

describe("restore of the incoming buffer", () => {
  it("does not buffer again a message that the restored delivered ids say was delivered after the snapshot", () => {
    const a = peer("alice", { causalHistorySize: 1 });
    const m1 = a.send(text("1"), { now: 1, nonce: nonce(1) });
    const m2 = a.send(text("2"), { now: 2, nonce: nonce(2) });
    const b = peer("bob", { lostDependencyTimeoutMs: 1_000 });
    b.receive(m2.bytes, { now: 3 });
    const snapshot = b.exportState(); // m2 waits for m1
    expect(b.receive(m1.bytes, { now: 4 }).delivered.map((d) => str(d.content))).toEqual(["1", "2"]);
    const rows = b.exportState();
    // A caller that stores delivered ids and the log row by row and snapshots the rest less often.
    const restored = peer("bob", {
      lostDependencyTimeoutMs: 1_000,
      restore: { ...snapshot, handled: rows.handled, log: rows.log },
    });
    expect(restored.exportState().incoming).toEqual([]);
    expect(restored.missing()).toEqual([]);
    expect(restored.sweep({ now: 5_000 }).delivered).toEqual([]);
    expect(restored.receive(m2.bytes, { now: 5_001 }).outcome).toBe("duplicate");
  });
});
