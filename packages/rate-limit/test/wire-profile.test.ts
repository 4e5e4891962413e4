import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { memoryUsageStore, rateLimited } from "../src/index.js";

describe("rateLimited and the wire profile", () => {
  it("passes its inner transport's wireProfile on, and says none when the inner says none", () => {
    const network = createMemoryNetwork({ seed: 1 });
    const quota = { messagesPerEpoch: 10, epochMs: 1_000 };
    const components = { clock: network.clock, store: memoryUsageStore() };
    const marked = { ...network.join("alice"), wireProfile: "nim-sds" };
    expect(rateLimited(marked, quota, components).wireProfile).toBe("nim-sds");
    expect(rateLimited(network.join("bob"), quota, components).wireProfile).toBeUndefined();
  });
});
