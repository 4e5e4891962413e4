import type { StoredPayload } from "@reliable-channel/interfaces";
import type { FilterPushEvent, MessageAcceptedEvent } from "@reliable-channel/waku-test-node";
import { afterEach, describe, expect, it } from "vitest";
import { RELIABLE_CHANNEL_API_META, wakuTransport } from "../src/index.js";
import { guard } from "./loopback.js";
import { createLoopbackFixture } from "./loopback-fixture.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/spec-marker/proto";
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe("the spec marker over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("nim-sds marks every envelope and takes in only marked ones (live, by hash, by time range); js-waku neither marks nor filters", async () => {
    const node = await loopback.startNode();
    const accepted: MessageAcceptedEvent[] = [];
    node.events.on("message-accepted", (event) => accepted.push(event));
    const [readerLight, markedLight, plainLight] = await loopback.lightNodes(node, 3);
    if (readerLight === undefined || markedLight === undefined || plainLight === undefined)
      throw new Error("nodes");
    const reader = loopback.track(wakuTransport({ node: readerLight, contentTopic, wireProfile: "nim-sds" }));
    const marked = loopback.track(wakuTransport({ node: markedLight, contentTopic, wireProfile: "nim-sds" }));
    const plain = loopback.track(wakuTransport({ node: plainLight, contentTopic }));
    await Promise.all([reader, marked, plain].map((t) => t.start()));
    const got: string[] = [];
    const plainGot: string[] = [];
    reader.subscribe((bytes) => got.push(text(bytes)));
    plain.subscribe((bytes) => plainGot.push(text(bytes)));
    const from = Date.now() - 1_000;

    // The unmarked message reaches the reader's node (its filter push is delivered) and goes no further.
    const readerPeer = readerLight.libp2p.peerId.toString();
    const pushed = (hashHex: string): Promise<FilterPushEvent> =>
      new Promise((resolve) => {
        const off = node.events.on("filter-push", (event) => {
          if (event.peerId !== readerPeer || event.hashHex !== hashHex) return;
          off();
          resolve(event);
        });
      });
    const unmarked = await plain.publish(new TextEncoder().encode("no marker"));
    await expect(guard(pushed(hex(unmarked.retrievalHint)), "the unmarked push")).resolves.toMatchObject({
      outcome: "delivered",
    });
    const arrived = new Promise<void>((resolve) => reader.subscribe(() => resolve()));
    const withMarker = await marked.publish(new TextEncoder().encode("marked"));
    await guard(arrived, "the marked message");
    expect(got).toEqual(["marked"]);

    const meta = (hint: Uint8Array | undefined) =>
      accepted.find((a) => a.hashHex === hex(hint))?.message.meta;
    expect(text(meta(withMarker.retrievalHint))).toBe(RELIABLE_CHANNEL_API_META);
    expect(meta(unmarked.retrievalHint)).toBeUndefined();

    const hints = [unmarked.retrievalHint, withMarker.retrievalHint].flatMap((h) =>
      h === undefined ? [] : [h],
    );
    const looked = await reader.retrieve?.(hints);
    expect(looked?.map((p) => text(p.bytes))).toEqual(["marked"]);
    const pages: StoredPayload[] = [];
    for await (const page of reader.queryRange?.({ from, to: Date.now() + 1_000 }) ?? []) pages.push(...page);
    expect(pages.map((p) => text(p.bytes))).toEqual(["marked"]);

    // The js-waku profile takes both in (js-waku's ReliableChannel sets no meta and checks none).
    const both = [...plainGot];
    if (!both.includes("marked"))
      await guard(new Promise<void>((r) => plain.subscribe(() => r())), "plain's copy");
    expect(plainGot.sort()).toEqual(["marked", "no marker"]);
  }, 30_000);
});
