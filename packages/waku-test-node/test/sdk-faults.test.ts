import { type LightNode, LightPushError, utf8ToBytes } from "@waku/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFaults } from "../src/faults.js";
import {
  DEFAULT_FAULT_SEED,
  type FilterPushEvent,
  startWakuTestNode,
  type WakuTestNode,
} from "../src/index.js";
import { CONTENT_TOPIC, collect, connectLightNode, guard, hashLookup, stopLightNode } from "./light-node.js";

/** Resolves with the first filter-push event for the message with this payload. */
function pushOutcome(node: WakuTestNode, payload: string): Promise<FilterPushEvent> {
  return new Promise((resolve) => {
    const off = node.events.on("filter-push", (event) => {
      const entry = node.archive.get(event.hashHex);
      if (entry !== undefined && new TextDecoder().decode(entry.message.payload) === payload) {
        off();
        resolve(event);
      }
    });
  });
}

describe("fault hooks seen by an unmodified @waku/sdk light node", () => {
  let node: WakuTestNode;
  let light: LightNode;

  beforeEach(async () => {
    node = await startWakuTestNode();
    light = await connectLightNode(node);
  });

  afterEach(async () => {
    await stopLightNode(light);
    await node.stop();
  });

  it("drops a filter push chosen by a predicate; the store still has the dropped message", async () => {
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    const decoder = light.createDecoder({ contentTopic: CONTENT_TOPIC });
    const inbox = collect(1);
    await light.filter.subscribe(decoder, inbox.callback);
    node.faults.dropFilterPush((push) => new TextDecoder().decode(push.message.payload) === "lost");

    const lost = pushOutcome(node, "lost");
    const kept = pushOutcome(node, "kept");
    await light.lightPush.send(encoder, { payload: utf8ToBytes("lost") });
    await light.lightPush.send(encoder, { payload: utf8ToBytes("kept") });

    expect((await guard(lost, "the dropped push")).outcome).toBe("dropped");
    expect((await guard(kept, "the delivered push")).outcome).toBe("delivered");
    const [received] = await guard(inbox.done, "the kept message");
    expect(received?.payload).toEqual(utf8ToBytes("kept"));
    expect(node.stats).toMatchObject({ filterPushesDropped: 1, filterPushes: 1, archived: 2 });

    const dropped = node.archive
      .entries()
      .find((entry) => new TextDecoder().decode(entry.message.payload) === "lost");
    const found = [];
    for await (const page of light.store.queryGenerator(
      [decoder],
      hashLookup(light, [dropped?.hash ?? new Uint8Array(32)]),
    )) {
      for (const message of await Promise.all(page)) if (message) found.push(message);
    }
    expect(found.map((message) => message.payload)).toEqual([utf8ToBytes("lost")]);
  });

  it("drops a seeded fraction of pushes, the same ones for the same seed", async () => {
    const decoder = light.createDecoder({ contentTopic: CONTENT_TOPIC });
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    await light.filter.subscribe(decoder, () => undefined);
    node.faults.dropFilterPush(0.5, { seed: 3 });
    const outcomes: string[] = [];
    const settled = new Promise<void>((resolve) => {
      node.events.on("filter-push", (event) => {
        outcomes.push(event.outcome);
        if (outcomes.length === 8) resolve();
      });
    });
    for (let i = 0; i < 8; i++) await light.lightPush.send(encoder, { payload: utf8ToBytes(`m${i}`) });
    await guard(settled, "eight push outcomes");
    const random = seededOutcomes(3, 8, 0.5);
    expect(outcomes, "seed 3").toEqual(random);
    expect(outcomes).toContain("dropped");
    expect(outcomes).toContain("delivered");
  });

  it("fails the next light push with the chosen status, then accepts again", async () => {
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    node.faults.failLightPush(1, { statusCode: 503 });
    const failed = await light.lightPush.send(
      encoder,
      { payload: utf8ToBytes("refused") },
      { autoRetry: false },
    );
    expect(failed.successes).toEqual([]);
    expect(failed.failures.map((failure) => failure.error)).toEqual([LightPushError.REMOTE_PEER_REJECTED]);
    expect(node.archive.size).toBe(0);

    const ok = await light.lightPush.send(
      encoder,
      { payload: utf8ToBytes("accepted") },
      { autoRetry: false },
    );
    expect(ok.failures).toEqual([]);
    expect(node.stats).toMatchObject({ lightPushesFailed: 1, archived: 1 });
    expect(node.archive.entries().map((entry) => new TextDecoder().decode(entry.message.payload))).toEqual([
      "accepted",
    ]);
  });

  it("speaks legacy light push v2 when the client asks for it", async () => {
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
    const event = node.events.once("light-push");
    const result = await light.lightPush.send(
      encoder,
      { payload: utf8ToBytes("legacy") },
      { useLegacy: true, autoRetry: false },
    );
    expect(result.failures).toEqual([]);
    expect((await event).protocol).toBe("/vac/waku/lightpush/2.0.0-beta1");
    node.faults.failLightPush(() => true);
    const refused = await light.lightPush.send(
      encoder,
      { payload: utf8ToBytes("legacy 2") },
      { useLegacy: true, autoRetry: false },
    );
    expect(refused.failures.map((failure) => failure.error)).toEqual([LightPushError.REMOTE_PEER_REJECTED]);
  });
});

/** The outcomes a node-independent rate rule with the same seed gives for `count` pushes. */
function seededOutcomes(seed: number, count: number, rate: number): string[] {
  const faults = createFaults(DEFAULT_FAULT_SEED);
  faults.dropFilterPush(rate, { seed });
  const push = {
    peerId: "p",
    pubsubTopic: "t",
    message: { payload: new Uint8Array(), contentTopic: "c" },
    hashHex: "",
  };
  return Array.from({ length: count }, () => (faults.shouldDropFilterPush(push) ? "dropped" : "delivered"));
}
