import { transportComplianceSuite } from "@reliable-channel/compliance";
import { createMemoryNetwork, type MemoryNetworkInit } from "../src/index.js";

const harness =
  (init: Partial<MemoryNetworkInit> = {}) =>
  async ({ peers }: { readonly peers: number }) => {
    const network = createMemoryNetwork({ seed: 4, ...init });
    const echo = init.echo ?? true;
    return {
      transports: Array.from({ length: peers }, (_, i) => network.join(`peer-${i}`)),
      settle: async () => {
        await network.settle();
      },
      close: async () => undefined,
      echo,
      receiveTimeoutMs: 0,
      now: network.clock.now, // storedAt and query ranges are virtual time
    };
  };

transportComplianceSuite("memory", harness());
transportComplianceSuite("memory without echo", harness({ echo: false }));
transportComplianceSuite(
  "memory with small payloads and fixed latency",
  harness({ maxPayloadBytes: 2_048, latency: 5 }),
);
