import { bytesToHex } from "@noble/hashes/utils";
import {
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { LightPushError } from "@waku/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { wakuTransport } from "../src/index.js";
import { deferred, FakeWakuNetwork, fakeLightNode } from "./fake-waku.js";
import { bytes, contentTopic, hex, setup, withPayload } from "./transport-fixtures.js";

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
