import { bytesToHex } from "@noble/hashes/utils";
import type { IDecodedMessage } from "@waku/sdk";
import { wakuTransport } from "../src/index.js";
import { FakeWakuNetwork, fakeLightNode } from "./fake-waku.js";

/** The content topic of the unit tests. */
export const contentTopic = "/reliable-channel/1/test/proto";

/** Bytes from numbers. */
export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

/** A transport on a fresh fake light node. */
export function setup(options: { now?: () => number } = {}) {
  const network = new FakeWakuNetwork();
  const node = fakeLightNode(network);
  const transport = wakuTransport({ node, contentTopic, ...options });
  return { network, node, transport };
}

/** `message` with another payload, like a decrypting decoder returns (the hash stays the wire one's). */
export function withPayload(message: IDecodedMessage, payload: Uint8Array): IDecodedMessage {
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

/** Hex of `value`, or "none". */
export function hex(value: Uint8Array | undefined): string {
  return value === undefined ? "none" : bytesToHex(value);
}

/** `[value]`, or `[]` when undefined. */
export function defined<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
