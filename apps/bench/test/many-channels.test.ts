import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { afterEach, describe, expect, it } from "vitest";
import { measureManyChannels } from "../src/many-channels/measure.js";

describe("many-channels benchmark parts", () => {
  let service: WakuTestNode | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it.each(["js-waku", "nim-sds"] as const)(
    "%s: six channels on three topics of one light node — one filter subscription per topic, every send published, other channels' messages ignored quietly",
    async (wireProfile) => {
      service = await startWakuTestNode();
      const report = await measureManyChannels(service, {
        channels: 6,
        topics: 3,
        wireProfile,
        start: "all-at-once",
      });
      expect(report.filterSubscribes).toBe(3);
      expect(report.dropped).toBe(0);
      expect(report.sendAllMs).toBeGreaterThan(0);
      expect(report.timersPerChannel).toBeGreaterThan(0);
      // Every channel's timers are driven by one platform timer.
      expect(report.channelTimersPerChannel * report.channels).toBe(1);
    },
    60_000,
  );

  it("nothing shared: every channel holds platform timers of its own", async () => {
    service = await startWakuTestNode();
    const report = await measureManyChannels(service, {
      channels: 6,
      topics: 3,
      wireProfile: "js-waku",
      start: "all-at-once",
      share: false,
    });
    expect(report.channelTimersPerChannel).toBeGreaterThanOrEqual(1);
    expect(report.dropped).toBe(0);
  }, 60_000);
});
