import { transportComplianceSuite } from "@reliable-channel/compliance";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { rateLimited } from "../src/index.js";

// The manager is a Transport: with a quota the suite never reaches, it must keep the port's contract.
transportComplianceSuite("rate-limited memory", async ({ peers }) => {
  const network = createMemoryNetwork({ seed: 4 });
  const quota = { messagesPerEpoch: 1_000_000, epochMs: 60_000 };
  return {
    transports: Array.from({ length: peers }, (_, i) =>
      rateLimited(network.join(`peer-${i}`), quota, { clock: network.clock }),
    ),
    settle: async () => {
      await network.settle();
    },
    close: async () => undefined,
    echo: true,
    receiveTimeoutMs: 0,
    now: network.clock.now,
  };
});
