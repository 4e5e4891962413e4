import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { connectLightNode } from "./loopback.js";
import { trackWakuTimers } from "./sdk-timers.js";

const contentTopic = "/reliable-channel/1/teardown/proto";

describe("teardown with the real @waku/sdk 0.0.36", () => {
  let service: WakuTestNode;
  beforeEach(async () => {
    service = await startWakuTestNode();
  });
  afterEach(async () => {
    await service.stop();
  });

  it("leaves no sdk timer behind once the transport (after a publish and a range query) and the node are stopped", async () => {
    const timers = trackWakuTimers();
    const light = await connectLightNode(service);
    const transport = wakuTransport({ node: light, contentTopic });
    await transport.start();
    await transport.publish(new Uint8Array([1]));
    for await (const page of transport.queryRange?.({ from: 0, to: Date.now() + 1_000 }) ?? []) {
      expect(page.length).toBeGreaterThan(0);
    }
    await transport.stop();
    await light.stop();
    const live = await timers.live();
    timers.disable();
    expect(live).toEqual([]);
  });

  it("(control) the sdk alone leaks its filter intervals when a subscribed node is stopped", async () => {
    const timers = trackWakuTimers();
    const light = await connectLightNode(service);
    await light.filter.subscribe(light.createDecoder({ contentTopic }), () => undefined);
    await light.stop();
    const leaked = await timers.live();
    light.filter.unsubscribeAll();
    expect(await timers.live()).toEqual([]);
    timers.disable();
    expect(leaked.map((timer) => timer.createdAt).join("\n")).toMatch(/filter\/(subscription|utils)\.js/);
  });
});
