import { afterEach, describe, expect, it } from "vitest";
import { createLoopbackFixture } from "./loopback-fixture.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/store-page-bytes/proto";
/** Messages near the largest payload: 40 of them are 5.6 MB, over the sdk's 4 MiB store response frame. */
const MESSAGES = 40;
const PAYLOAD_BYTES = 140_000;

describe("store answers of many large messages over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("come in pages that fit the sdk's response frame: every message is found by hash and by range", async () => {
    const node = await loopback.startNode();
    const transports = await loopback.transports(await loopback.lightNodes(node, 2), contentTopic);
    const [publisher, reader] = transports;
    if (publisher === undefined || reader === undefined) throw new Error("transports");

    const from = Date.now() - 60_000;
    const hints: Uint8Array[] = [];
    for (let i = 0; i < MESSAGES; i += 1) {
      const payload = new Uint8Array(PAYLOAD_BYTES).fill(i);
      const { retrievalHint } = await publisher.publish(payload);
      if (retrievalHint === undefined) throw new Error("no hint");
      hints.push(retrievalHint);
    }
    const byHash = (await reader.retrieve?.(hints)) ?? [];
    expect(byHash.map((p) => hex(p.retrievalHint)).sort()).toEqual(hints.map(hex).sort());
    expect(byHash.every((p) => p.bytes.length === PAYLOAD_BYTES)).toBe(true);

    const byRange: number[] = [];
    const queryRange = reader.queryRange?.bind(reader);
    if (queryRange === undefined) throw new Error("no queryRange");
    for await (const page of queryRange({ from, to: Date.now() + 60_000 })) {
      for (const payload of page) byRange.push(payload.bytes[0] ?? -1);
    }
    expect(byRange.sort((a, b) => a - b)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i));
  }, 120_000);
});
