import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { afterEach, describe, expect, it } from "vitest";
import { threadedDeliveryLatency } from "../src/waku-latency/threaded.js";

describe("waku-latency benchmark parts", () => {
  let service: WakuTestNode | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it("measures delivery with a thread per side: every sample arrives, with a positive latency", async () => {
    service = await startWakuTestNode();
    const log: string[] = [];
    const series = await threadedDeliveryLatency(service, ["raw", "ours"], 3, 1, (line) => log.push(line));
    expect(series).toHaveLength(2);
    for (const s of series) {
      expect(s.failed).toBe(0);
      expect(s.samples).toHaveLength(3);
      for (const ms of s.samples) expect(ms > 0 && ms < 10_000).toBe(true);
    }
    expect(log).toEqual([]);
  }, 60_000);
});
