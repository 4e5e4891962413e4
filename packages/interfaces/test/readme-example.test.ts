import { describe, expect, it } from "vitest";
import {
  PayloadTooLargeError,
  type PublishResult,
  type Transport,
  type TransportListener,
} from "../src/index.js";

// The README's example, compiled and run.
function loopback(maxPayloadBytes = 1024): Transport {
  const listeners = new Set<TransportListener>();
  let started = false;
  return {
    maxPayloadBytes,
    async start() {
      started = true;
    },
    async stop() {
      started = false;
    },
    async publish(bytes): Promise<PublishResult> {
      if (bytes.length > maxPayloadBytes) throw new PayloadTooLargeError(bytes.length, maxPayloadBytes);
      if (started) for (const listener of listeners) listener(bytes, {});
      return {};
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe("README example", () => {
  it("implements the Transport port", async () => {
    const transport = loopback(4);
    const received: Uint8Array[] = [];
    transport.subscribe((bytes) => received.push(bytes));
    await transport.start();
    await transport.publish(new Uint8Array([1, 2]));
    await expect(transport.publish(new Uint8Array(5))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(received).toEqual([new Uint8Array([1, 2])]);
  });
});
