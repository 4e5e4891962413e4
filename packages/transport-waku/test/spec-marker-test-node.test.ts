import type { StoredPayload } from "@reliable-channel/interfaces";
import {
  type FilterPushEvent,
  type MessageAcceptedEvent,
  startWakuTestNode,
  type WakuTestNode,
} from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { RELIABLE_CHANNEL_API_META, type WakuTransport, wakuTransport } from "../src/index.js";
import { connectLightNode, guard } from "./loopback.js";
import { hex } from "./transport-fixtures.js";

const contentTopic = "/reliable-channel/1/spec-marker/proto";
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe("the spec marker over real @waku/sdk light nodes and the loopback test node", () => {
  let service: WakuTestNode | undefined;
  let lights: LightNode[] = [];
  let transports: WakuTransport[] = [];

  afterEach(async () => {
    await Promise.all(transports.map((t) => t.stop()));
    await Promise.all(lights.map((light) => light.stop()));
    await service?.stop();
    [lights, transports] = [[], []];
  });

  it("nim-sds marks every envelope and takes in only marked ones (live, by hash, by time range); js-waku neither marks nor filters", async () => {
    const node = await startWakuTestNode();
    service = node;
    const accepted: MessageAcceptedEvent[] = [];
    node.events.on("message-accepted", (event) => accepted.push(event));
    lights = await Promise.all([connectLightNode(node), connectLightNode(node), connectLightNode(node)]);
    const [readerLight, markedLight, plainLight] = lights;
    if (readerLight === undefined || markedLight === undefined || plainLight === undefined)
      throw new Error("nodes");
    const reader = wakuTransport({ node: readerLight, contentTopic, wireProfile: "nim-sds" });
    const marked = wakuTransport({ node: markedLight, contentTopic, wireProfile: "nim-sds" });
    const plain = wakuTransport({ node: plainLight, contentTopic });
    transports = [reader, marked, plain];
    await Promise.all(transports.map((t) => t.start()));
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
