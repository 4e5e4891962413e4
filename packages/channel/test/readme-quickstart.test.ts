import { expect, it, vi } from "vitest";

// The README's quickstart, line for line (only `console` is captured): it must compile and work.
it("the README quickstart runs", async () => {
  const logs: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => logs.push(line));
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    // --- README quickstart ---
    const { createReliableChannel } = await import("../src/index.js");
    const { sdsRepair } = await import("@reliable-channel/sds-repair");
    const { createMemoryNetwork } = await import("@reliable-channel/transport-memory");

    // Any Transport works; the memory network (on a virtual clock) stands in for Waku here.
    const network = createMemoryNetwork({ seed: 1 });
    const clock = network.clock; // omit `clock` with a real network: the default is the system clock

    // `repair` (optional): the channel creates the plug-in with its own participantId.
    const alice = await createReliableChannel({
      channelId: "room",
      participantId: "alice",
      transport: network.join("alice"),
      repair: sdsRepair(),
      clock,
    });
    const bob = await createReliableChannel({
      channelId: "room",
      participantId: "bob",
      transport: network.join("bob"),
      repair: sdsRepair(),
      clock,
    });

    bob.on("message-received", ({ senderId, payload }) => {
      console.log(`${senderId}: ${new TextDecoder().decode(payload)}`);
    });
    alice.on("acknowledged", ({ messageId, by }) => console.log(`${messageId} reached ${by ?? "someone"}`));
    alice.on("send-failed", ({ messageId, reason }) => console.error(`${messageId} failed: ${reason}`));

    const id = await alice.send(new TextEncoder().encode("hello")); // durable in the outbox now
    await clock.advanceAsync(5_000); // let 5 s of virtual time pass

    await alice.stop();
    await bob.stop();
    // --- end ---
    expect(logs).toEqual(["alice: hello", `${id} reached bob`]);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  } finally {
    log.mockRestore();
    errors.mockRestore();
  }
});
