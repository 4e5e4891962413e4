import { transportComplianceSuite } from "@reliable-channel/compliance";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";

transportComplianceSuite("memory", async ({ peers }) => {
  const network = createMemoryNetwork({ seed: 1 });
  return {
    transports: Array.from({ length: peers }, (_, i) => network.join(`peer-${i}`)),
    settle: async () => void (await network.settle()),
    close: async () => undefined,
    echo: true,
    receiveTimeoutMs: 0, // settle() runs the virtual clock until everything has arrived
    now: network.clock.now, // the clock of storedAt and queryRange's ranges
  };
});
