import { createSdsCore } from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import { createSdsRepair } from "../src/index.js";

// The README's example, step by step, with its printed values asserted.
describe("README example", () => {
  it("repairs a lost message between two participants", () => {
    let counter = 0;
    const nonce = () => Uint8Array.from({ length: 16 }, () => counter++ & 0xff);
    const peer = (id: string) => {
      const repair = createSdsRepair({ participantId: id, tMinMs: 1_000, tMaxMs: 5_000 });
      repair.setParticipantCount(2);
      const core = createSdsCore({
        channelId: "room",
        participantId: id,
        extensions: [repair],
        joinedAt: 0,
        joinFrontier: false,
      });
      return { repair, core };
    };
    const alice = peer("alice");
    const bob = peer("bob");

    const lost = alice.core.send(new TextEncoder().encode("hello"), { now: 0, nonce: nonce() });
    const next = alice.core.send(new TextEncoder().encode("world"), { now: 10, nonce: nonce() });
    const missing = bob.core.receive(next.bytes, { now: 20 }).missing;
    expect(missing).toEqual([
      expect.objectContaining({ messageId: lost.message.messageId, senderId: "alice" }),
    ]);

    const at = bob.repair.nextDueAt() ?? 0;
    expect(at - 20).toBeGreaterThanOrEqual(1_000);
    expect(at - 20).toBeLessThan(5_000);
    const sync = bob.core.sync({ now: at });
    expect(sync.message.repairRequest).toEqual([
      expect.objectContaining({ messageId: lost.message.messageId, senderId: "alice" }),
    ]);

    alice.core.receive(sync.bytes, { now: at + 10 });
    const [rebroadcast] = alice.repair.due(at + 10);
    expect(rebroadcast).toEqual(lost.bytes);
    const result = bob.core.receive(rebroadcast ?? new Uint8Array(0), { now: at + 20 });
    expect(result.delivered.map((m) => new TextDecoder().decode(m.content))).toEqual(["hello", "world"]);
  });
});
