import { bytesToHex } from "@noble/hashes/utils";
import {
  InvalidArgumentError,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { type IDecodedMessage, LightPushError } from "@waku/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { wakuMessageHash, wakuTransport } from "../src/index.js";
import { deferred, FakeWakuNetwork, fakeLightNode, fakeRelayNode } from "./fake-waku.js";

const contentTopic = "/reliable-channel/1/test/proto";
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

function setup(options: { now?: () => number } = {}) {
  const network = new FakeWakuNetwork();
  const node = fakeLightNode(network);
  const transport = wakuTransport({ node, contentTopic, ...options });
  return { network, node, transport };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("wakuTransport: publish", () => {
  it("returns the Waku message hash of the envelope the service node received", async () => {
    const { network, transport } = setup();
    await transport.start();
    const { retrievalHint } = await transport.publish(bytes(1, 2, 3));
    expect(network.received).toHaveLength(1);
    const [sent] = network.received;
    expect(retrievalHint && bytesToHex(retrievalHint)).toBe(sent?.hashHex);
    expect(sent?.proto.payload).toEqual(bytes(1, 2, 3));
    expect(sent?.pubsubTopic).toBe(transport.pubsubTopic);
  });

  it("re-stamps every publish of the same bytes and returns the new hint", async () => {
    const times = [1_700_000_000_000, 1_700_000_000_500];
    const { network, transport } = setup({ now: () => times.shift() ?? 0 });
    await transport.start();
    const first = await transport.publish(bytes(7));
    const second = await transport.publish(bytes(7));
    expect(network.received.map((entry) => entry.proto.timestamp)).toEqual([
      1_700_000_000_000_000_000n,
      1_700_000_000_500_000_000n,
    ]);
    expect(network.received.map((entry) => entry.hashHex)).toEqual(
      [first, second].map((r) => hex(r.retrievalHint)),
    );
    expect(hex(first.retrievalHint)).not.toBe(hex(second.retrievalHint));
  });

  it("hashes what it sends even when the encoder is randomized (like Waku encryption)", async () => {
    const network = new FakeWakuNetwork();
    const node = fakeLightNode(network);
    const plain = node.createEncoder({ contentTopic });
    let calls = 0;
    const encoder = {
      contentTopic,
      ephemeral: false,
      routingInfo: plain.routingInfo,
      pubsubTopic: plain.pubsubTopic,
      toWire: plain.toWire,
      toProtoObj: async (message: { payload: Uint8Array; timestamp?: Date }) => {
        calls += 1;
        const proto = await plain.toProtoObj({ ...message, timestamp: new Date(1_000 + calls) });
        return proto && { ...proto, payload: new Uint8Array([calls, ...message.payload]) };
      },
    };
    const plainDecoder = node.createDecoder({ contentTopic });
    const decoder = {
      contentTopic,
      pubsubTopic: plainDecoder.pubsubTopic,
      fromWireToProtoObj: plainDecoder.fromWireToProtoObj,
      // Like @waku/message-encryption: the hash covers the wire payload, `payload` is the decrypted one.
      fromProtoObj: async (topic: string, proto: Parameters<typeof plainDecoder.fromProtoObj>[1]) => {
        const raw = await plainDecoder.fromProtoObj(topic, proto);
        return raw && withPayload(raw, proto.payload.subarray(1));
      },
    };
    const transport = wakuTransport({ node, contentTopic, encoder, decoder });
    const got: { payload: Uint8Array; hint: string }[] = [];
    transport.subscribe((payload, meta) => got.push({ payload, hint: hex(meta.retrievalHint) }));
    await transport.start();
    const { retrievalHint } = await transport.publish(bytes(5, 6));
    await network.settle();
    expect(calls).toBe(1);
    expect(hex(retrievalHint)).toBe(network.received[0]?.hashHex);
    expect(got).toEqual([{ payload: bytes(5, 6), hint: hex(retrievalHint) }]);
  });

  it("sends with the sdk's auto-retry off (the channel owns retries)", async () => {
    const { network, transport } = setup();
    await transport.start();
    await transport.publish(bytes(1));
    expect(network.sendOptions).toEqual([{ autoRetry: false }]);
  });

  it("rejects before start and after stop with NotStartedError", async () => {
    const { network, transport } = setup();
    await expect(transport.publish(bytes(1))).rejects.toBeInstanceOf(NotStartedError);
    await transport.start();
    await transport.stop();
    await expect(transport.publish(bytes(1))).rejects.toBeInstanceOf(NotStartedError);
    expect(network.received).toHaveLength(0);
  });

  it("refuses empty and oversize payloads permanently without sending", async () => {
    const { network, transport } = setup();
    await transport.start();
    await expect(transport.publish(bytes())).rejects.toBeInstanceOf(PermanentTransportError);
    const tooBig = new Uint8Array(transport.maxPayloadBytes + 1);
    await expect(transport.publish(tooBig)).rejects.toMatchObject({
      name: "PayloadTooLargeError",
      size: transport.maxPayloadBytes + 1,
      limit: 150 * 1024 - 1024,
    });
    await expect(transport.publish(new Uint8Array(transport.maxPayloadBytes))).resolves.toHaveProperty(
      "retrievalHint",
    );
    expect(network.received).toHaveLength(1);
  });

  it("checks the whole envelope against maxMessageBytes", async () => {
    const network = new FakeWakuNetwork();
    const transport = wakuTransport({
      node: fakeLightNode(network),
      contentTopic,
      maxMessageBytes: 100,
      envelopeReserveBytes: 1,
    });
    await transport.start();
    const error = await transport.publish(new Uint8Array(99)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 100, permanent: true });
    expect(network.received).toHaveLength(0);
  });

  it("maps sdk failures to typed errors", async () => {
    const { network, transport } = setup();
    await transport.start();
    network.failNextSends.push([LightPushError.NO_PEER_AVAILABLE], [LightPushError.INVALID_MESSAGE]);
    await expect(transport.publish(bytes(1))).rejects.toBeInstanceOf(TransientTransportError);
    const refused = await transport.publish(bytes(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentTransportError);
    network.sendThrows = new Error("stream reset");
    const thrown = await transport.publish(bytes(1)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TransientTransportError);
    expect(thrown).toHaveProperty("cause", network.sendThrows);
  });

  it("fails as transient after publishTimeoutMs and leaves no timer", async () => {
    vi.useFakeTimers();
    const network = new FakeWakuNetwork();
    const transport = wakuTransport({ node: fakeLightNode(network), contentTopic, publishTimeoutMs: 2_000 });
    await transport.start();
    network.sendGate = new Promise(() => undefined);
    const result = transport.publish(bytes(1));
    const settled = expect(result).rejects.toThrow(/timed out after 2000 ms/);
    await vi.advanceTimersByTimeAsync(2_000);
    await settled;
    await expect(result).rejects.toBeInstanceOf(TransientTransportError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the abort reason", async () => {
    const { network, transport } = setup();
    await transport.start();
    const gate = deferred();
    network.sendGate = gate.promise;
    const controller = new AbortController();
    const result = transport.publish(bytes(1), { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(result).rejects.toThrow("user gave up");
    gate.resolve();
  });

  it("rejects a publish in flight with NotStartedError when stopped", async () => {
    vi.useFakeTimers();
    const { network, transport } = setup();
    await transport.start();
    network.sendGate = new Promise(() => undefined);
    const result = transport.publish(bytes(1));
    await transport.stop();
    await expect(result).rejects.toBeInstanceOf(NotStartedError);
    expect(vi.getTimerCount()).toBe(0);
  });
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
    expect(network.storeQueries[0]).toMatchObject({ pubsubTopic: transport.pubsubTopic, includeData: true });
    expect(network.storeQueries[0]?.messageHashes).toHaveLength(3);
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

function withPayload(message: IDecodedMessage, payload: Uint8Array): IDecodedMessage {
  const { version, contentTopic, pubsubTopic, timestamp, rateLimitProof, ephemeral, meta, hash, hashStr } =
    message;
  return {
    version,
    contentTopic,
    pubsubTopic,
    timestamp,
    rateLimitProof,
    ephemeral,
    meta,
    hash,
    hashStr,
    payload,
  };
}

function hex(value: Uint8Array | undefined): string {
  return value === undefined ? "none" : bytesToHex(value);
}

function defined<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
