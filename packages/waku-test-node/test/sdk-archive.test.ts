import { type IDecodedMessage, type LightNode, type QueryRequestParams, utf8ToBytes } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { startWakuTestNode, type WakuTestNode, type WakuTestNodeInit } from "../src/index.js";
import { CONTENT_TOPIC, collect, connectLightNode, guard, stopLightNode } from "./light-node.js";

const started: Array<WakuTestNode | LightNode> = [];

afterEach(async () => {
  for (const running of started.splice(0).reverse()) {
    if ("archive" in running) await running.stop();
    else await stopLightNode(running);
  }
});

async function start(init: WakuTestNodeInit = {}): Promise<{ node: WakuTestNode; light: LightNode }> {
  const node = await startWakuTestNode(init);
  started.push(node);
  const light = await connectLightNode(node);
  started.push(light);
  return { node, light };
}

async function send(light: LightNode, ...payloads: string[]): Promise<void> {
  const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC });
  for (const payload of payloads) {
    const result = await light.lightPush.send(
      encoder,
      { payload: utf8ToBytes(payload) },
      { autoRetry: false },
    );
    expect(result.failures).toEqual([]);
  }
}

async function query(light: LightNode, options: Partial<QueryRequestParams> = {}): Promise<string[][]> {
  const decoder = light.createDecoder({ contentTopic: CONTENT_TOPIC });
  const pages: string[][] = [];
  for await (const page of light.store.queryGenerator([decoder], options)) {
    const messages = (await Promise.all(page)).filter(
      (message): message is IDecodedMessage => message !== undefined,
    );
    pages.push(messages.map((message) => new TextDecoder().decode(message.payload)));
  }
  return pages;
}

describe("the archive through an unmodified @waku/sdk light node", () => {
  it("paginates forward and backward with the sdk's cursors", async () => {
    const { light } = await start();
    const payloads = Array.from({ length: 25 }, (_, i) => `m${String(i).padStart(2, "0")}`);
    await send(light, ...payloads);
    const forward = await query(light, { paginationLimit: 10 });
    expect(forward.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(forward.flat()).toEqual(payloads);
    const backward = await query(light, { paginationLimit: 10, paginationForward: false });
    expect(backward[0]).toEqual(payloads.slice(15));
    expect(backward.flat().sort()).toEqual(payloads);
  });

  it("restarts on the same multiaddr with the archive kept, or empty", async () => {
    const first = await start();
    await send(first.light, "before restart");
    const restarted = await first.node.restart();
    started.push(restarted);
    expect(restarted.multiaddr).toBe(first.node.multiaddr);
    const second = await connectLightNode(restarted);
    started.push(second);
    expect((await query(second)).flat()).toEqual(["before restart"]);

    const emptied = await restarted.restart({ keepArchive: false });
    started.push(emptied);
    const third = await connectLightNode(emptied);
    started.push(third);
    expect(emptied.archive.size).toBe(0);
    expect((await query(third)).flat()).toEqual([]);
  });

  it("forgets messages past the retention, by the node's injected clock", async () => {
    let now = Date.now();
    const { node, light } = await start({ retentionMs: 60_000, now: () => now });
    await send(light, "old");
    expect((await query(light)).flat()).toEqual(["old"]);
    now += 61_000;
    expect((await query(light)).flat()).toEqual([]);
    expect(node.stats.expired).toBe(1);
  });

  it("does not archive a message whose timestamp is too far from its clock, but still pushes it", async () => {
    const { node, light } = await start({ now: () => Date.now() - 60_000 });
    const inbox = collect(1);
    await light.filter.subscribe(light.createDecoder({ contentTopic: CONTENT_TOPIC }), inbox.callback);
    await send(light, "from the future");
    expect((await guard(inbox.done, "the push")).map((message) => message.payload)).toEqual([
      utf8ToBytes("from the future"),
    ]);
    expect(node.archive.size).toBe(0);
    expect(node.stats).toMatchObject({ notArchived: 1, archived: 0 });
  });

  it("pushes an ephemeral message to subscribers without archiving it", async () => {
    const { node, light } = await start();
    const inbox = collect(1);
    await light.filter.subscribe(light.createDecoder({ contentTopic: CONTENT_TOPIC }), inbox.callback);
    const encoder = light.createEncoder({ contentTopic: CONTENT_TOPIC, ephemeral: true });
    await light.lightPush.send(encoder, { payload: utf8ToBytes("fleeting") }, { autoRetry: false });
    expect((await guard(inbox.done, "the push")).map((message) => message.ephemeral)).toEqual([true]);
    expect(node.archive.size).toBe(0);
    expect((await query(light)).flat()).toEqual([]);
  });
});
