import { toHex } from "@reliable-channel/hash";
import { describe, expect, it } from "vitest";
import { createWakuArchive, wakuMessageHash } from "../src/index.js";

const TOPIC = "/waku/2/rs/1/0";
const message = (text: string, timestamp?: bigint) => ({
  payload: new TextEncoder().encode(text),
  contentTopic: "/app/1/chat/proto",
  ...(timestamp === undefined ? {} : { timestamp }),
});

describe("createWakuArchive", () => {
  it("keeps messages ordered by timestamp then hash, whatever the insertion order", () => {
    const archive = createWakuArchive();
    archive.insert(TOPIC, message("c", 30n), { receivedAtNs: 1n });
    archive.insert(TOPIC, message("a", 10n), { receivedAtNs: 1n });
    archive.insert(TOPIC, message("b1", 20n), { receivedAtNs: 1n });
    archive.insert(TOPIC, message("b2", 20n), { receivedAtNs: 1n });
    const entries = archive.entries();
    expect(entries.map((entry) => entry.timestamp)).toEqual([10n, 20n, 20n, 30n]);
    expect(entries[1]?.hashHex.localeCompare(entries[2]?.hashHex ?? "")).toBe(-1);
  });

  it("stores a message once and reports the duplicate", () => {
    const archive = createWakuArchive();
    expect(archive.insert(TOPIC, message("x", 5n), { receivedAtNs: 1n }).outcome).toBe("stored");
    expect(archive.insert(TOPIC, message("x", 5n), { receivedAtNs: 2n }).outcome).toBe("duplicate");
    expect(archive.size).toBe(1);
  });

  it("looks messages up by hash bytes or hex and orders timestamp-less ones by arrival", () => {
    const archive = createWakuArchive();
    const { entry } = archive.insert(TOPIC, message("no timestamp"), { receivedAtNs: 42n });
    const hash = wakuMessageHash(TOPIC, message("no timestamp"));
    expect(entry.timestamp).toBe(42n);
    expect(archive.get(hash)).toBe(entry);
    expect(archive.has(toHex(hash).toUpperCase())).toBe(true);
    expect(archive.has(new Uint8Array(32))).toBe(false);
  });

  it("deletes messages older than a cutoff and clears", () => {
    const archive = createWakuArchive();
    for (const timestamp of [1n, 2n, 3n, 4n])
      archive.insert(TOPIC, message(`m${timestamp}`, timestamp), { receivedAtNs: 0n });
    expect(archive.deleteOlderThan(3n)).toBe(2);
    expect(archive.entries().map((entry) => entry.timestamp)).toEqual([3n, 4n]);
    expect(archive.has(wakuMessageHash(TOPIC, message("m1", 1n)))).toBe(false);
    archive.clear();
    expect(archive.size).toBe(0);
  });
});
