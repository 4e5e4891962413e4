import { InvalidArgumentError, NotStartedError, TransientTransportError } from "@reliable-channel/interfaces";
import { createEncoder, type IEncoder, type IProtoMessage, utils, waku } from "@waku/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { wakuMessageHash, wakuTransport } from "../src/index.js";
import { FAKE_NETWORK, FakeWakuNetwork, fakeLightNode, fakeRelayNode } from "./fake-waku.js";
import { bytes, contentTopic, defined, hex, setup } from "./transport-fixtures.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("wakuTransport: subscribe and lifecycle", () => {
  it("delivers payloads with their hint from start until stop", async () => {
    const { network, transport } = setup();
    const got: string[] = [];
    transport.subscribe((payload, meta) => got.push(`${payload.join()}@${hex(meta.retrievalHint)}`));
    await transport.start();
    const { retrievalHint } = await transport.publish(bytes(4, 2));
    await network.settle();
    expect(got).toEqual([`4,2@${hex(retrievalHint)}`]);
    await transport.stop();
    expect(network.subscriberCount).toBe(0);
  });

  it("hints each received message with the sdk's own message hash, whatever its timestamp and meta", async () => {
    const { network, transport } = setup();
    const hints: string[] = [];
    transport.subscribe((_payload, meta) => hints.push(hex(meta.retrievalHint)));
    await transport.start();
    const base = createEncoder({
      contentTopic,
      routingInfo: utils.createRoutingInfo(FAKE_NETWORK, { contentTopic }),
    });
    const protos: Partial<IProtoMessage>[] = [
      { timestamp: 1_700_000_000_123_456_789n },
      { timestamp: 1_700_000_000_000_000_000n, meta: bytes(9, 8) },
      // The sdk leaves a 0 or absent timestamp out of the hash.
      { timestamp: 0n },
      { timestamp: undefined },
    ];
    for (const [i, fields] of protos.entries()) {
      const proto = { ...(await base.toProtoObj({ payload: bytes(i + 1) })), ...fields } as IProtoMessage;
      // The sdk's encoder with this proto (its topics are prototype getters, so not a spread).
      const encoder: IEncoder = Object.assign(Object.create(base), { toProtoObj: async () => proto });
      await network.accept(encoder, { payload: bytes(i + 1) });
    }
    await network.settle();
    expect(hints).toEqual(network.received.map((r) => hex(waku.messageHash(r.pubsubTopic, r.proto))));
    expect(new Set(hints).size).toBe(protos.length);
    await transport.stop();
  });

  it("stops calling an unsubscribed listener and survives a throwing one", async () => {
    const { network, transport } = setup();
    const seen: number[] = [];
    transport.subscribe(() => {
      throw new Error("listener bug");
    });
    const off = transport.subscribe((payload) => seen.push(payload[0] ?? -1));
    await transport.start();
    await transport.publish(bytes(1));
    await network.settle();
    off();
    await transport.publish(bytes(2));
    await network.settle();
    expect(seen).toEqual([1]);
  });

  it("start and stop are idempotent, serialized and restartable", async () => {
    const { network, transport } = setup();
    await Promise.all([transport.start(), transport.start()]);
    expect(network.subscribedDecoders).toHaveLength(1);
    await Promise.all([transport.stop(), transport.stop()]);
    expect(network.unsubscribedDecoders).toHaveLength(1);
    await transport.stop();
    expect(network.unsubscribedDecoders).toHaveLength(1);
    await transport.start();
    const seen: number[] = [];
    transport.subscribe((payload) => seen.push(payload.length));
    await transport.publish(bytes(1, 1));
    await network.settle();
    expect(seen).toEqual([2]);
    expect(network.subscribedDecoders).toHaveLength(2);
    await transport.stop();
    expect(network.subscriberCount).toBe(0);
  });

  it("subscribes with a decoder of its own, never the caller's object", async () => {
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const encoder = node.createEncoder({ contentTopic });
    const decoder = node.createDecoder({ contentTopic });
    const transport = wakuTransport({ node, contentTopic, encoder, decoder });
    await transport.start();
    expect(network.subscribedDecoders[0]).not.toBe(decoder);
    expect(network.subscribedDecoders[0]?.pubsubTopic).toBe(decoder.pubsubTopic);
    await transport.stop();
  });

  it("finishes stop() after stopTimeoutMs when the unsubscribe never answers", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const warnings: string[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (m: string) => warnings.push(m),
    };
    const transport = wakuTransport({
      node: fakeLightNode(network),
      contentTopic,
      stopTimeoutMs: 500,
      logger,
    });
    await transport.start();
    network.unsubscribeGate = new Promise(() => undefined);
    const stopped = transport.stop();
    await vi.advanceTimersByTimeAsync(500);
    await expect(stopped).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("starts even when no peer confirms the subscription yet, and says so", async () => {
    const network = new FakeWakuNetwork();
    network.subscribeConfirms = false;
    const warnings: string[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (m: string) => warnings.push(m),
    };
    const transport = wakuTransport({ node: fakeLightNode(network), contentTopic, logger });
    await transport.start();
    expect(warnings[0]).toMatch(/no Waku peer confirmed/);
    await expect(transport.publish(bytes(1))).resolves.toHaveProperty("retrievalHint");
  });

  it("ignores messages its decoder cannot decode (e.g. not decryptable)", async () => {
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const plain = node.createDecoder({ contentTopic });
    const decoder = {
      contentTopic,
      pubsubTopic: plain.pubsubTopic,
      fromWireToProtoObj: plain.fromWireToProtoObj,
      fromProtoObj: async () => undefined,
    };
    const transport = wakuTransport({
      node,
      contentTopic,
      encoder: node.createEncoder({ contentTopic }),
      decoder,
    });
    const seen: Uint8Array[] = [];
    transport.subscribe((payload) => seen.push(payload));
    await transport.start();
    await transport.publish(bytes(1));
    await network.settle();
    expect(seen).toEqual([]);
  });
});

describe("wakuTransport: retrieve", () => {
  it("looks payloads up by hint in one Store v3 hash query; unknown and malformed hints are left out", async () => {
    const { network, transport } = setup();
    await transport.start();
    network.dropPushes = 2;
    const a = await transport.publish(bytes(10));
    const b = await transport.publish(bytes(11));
    const unknown = new Uint8Array(32).fill(9);
    const malformed = bytes(1, 2, 3);
    const found = await transport.retrieve?.(
      [a.retrievalHint, unknown, malformed, b.retrievalHint].flatMap(defined),
    );
    expect(found?.map((entry) => [hex(entry.retrievalHint), entry.bytes.join()])).toEqual([
      [hex(a.retrievalHint), "10"],
      [hex(b.retrievalHint), "11"],
    ]);
    expect(network.storeQueries).toHaveLength(1);
    const query = network.storeQueries[0];
    expect(query).toMatchObject({ includeData: true });
    expect(query?.messageHashes).toHaveLength(3);
    // No content-filter field (the store spec forbids them beside hashes); the sdk would fill in the
    // pubsub topic unless the option is there and undefined.
    expect(query !== undefined && "pubsubTopic" in query && query.pubsubTopic === undefined).toBe(true);
    expect(query?.contentTopics ?? []).toEqual([]);
    expect(query?.timeStart ?? query?.timeEnd).toBeUndefined();
  });

  it("does not ask the store for nothing, and fails as transient when the store fails", async () => {
    const { network, transport } = setup();
    await expect(transport.retrieve?.([new Uint8Array(32)])).rejects.toBeInstanceOf(NotStartedError);
    await transport.start();
    await expect(transport.retrieve?.([])).resolves.toEqual([]);
    expect(network.storeQueries).toHaveLength(0);
    network.storeThrows = new Error("No peers available to query");
    const error = await transport.retrieve?.([new Uint8Array(32)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientTransportError);
    expect(error).toHaveProperty("cause", network.storeThrows);
  });

  it("a hint computed locally for an envelope matches the store key", async () => {
    const { network, transport } = setup({ now: () => 1_700_000_000_000 });
    await transport.start();
    const { retrievalHint } = await transport.publish(bytes(3));
    const local = wakuMessageHash(transport.pubsubTopic, {
      payload: bytes(3),
      contentTopic,
      timestamp: 1_700_000_000_000_000_000n,
    });
    expect(hex(local)).toBe(hex(retrievalHint));
    expect(network.archive.has(hex(local))).toBe(true);
  });
});

describe("wakuTransport: relay and options", () => {
  it("publishes and receives over relay; has no retrieve without a store", async () => {
    const network = new FakeWakuNetwork();
    const node = fakeRelayNode(network);
    const transport = wakuTransport({ node, contentTopic, retention: 60_000 });
    expect(transport.mode).toBe("relay");
    expect(transport.retrieve).toBeUndefined();
    expect(transport.retention).toBe(60_000);
    const seen: string[] = [];
    transport.subscribe((_payload, meta) => seen.push(hex(meta.retrievalHint)));
    await transport.start();
    const { retrievalHint } = await transport.publish(bytes(1));
    await network.settle();
    expect(seen).toEqual([hex(retrievalHint)]);
    await transport.stop();
    await transport.stop();
    expect(node.unsubscribed).toBe(1);
  });

  it("rejects inconsistent options with InvalidArgumentError", () => {
    const network = new FakeWakuNetwork();
    const light = fakeLightNode(network);
    const other = "/reliable-channel/1/other/proto";
    const cases = [
      () => wakuTransport({ node: light, contentTopic: "" }),
      () => wakuTransport({ node: light, contentTopic, encoder: light.createEncoder({ contentTopic }) }),
      () =>
        wakuTransport({
          node: light,
          contentTopic,
          encoder: light.createEncoder({ contentTopic: other }),
          decoder: light.createDecoder({ contentTopic: other }),
        }),
      () => wakuTransport({ node: light, contentTopic, mode: "relay" }),
      () => wakuTransport({ node: fakeRelayNode(network), contentTopic, mode: "light" }),
      () => wakuTransport({ node: light, contentTopic, maxMessageBytes: 100, envelopeReserveBytes: 100 }),
      () => wakuTransport({ node: light, contentTopic, publishTimeoutMs: 0 }),
    ];
    for (const make of cases) expect(make).toThrow(InvalidArgumentError);
  });
});
