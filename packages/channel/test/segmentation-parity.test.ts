import { PermanentTransportError, type Transport } from "@reliable-channel/interfaces";
import { lip243 } from "@reliable-channel/segmentation";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { record } from "./helpers/recorder.js";

/** `inner`, whose `nth` content publish is refused for good: that segment never reaches the network. */
function losingNthContent(inner: Transport, nth: number): Transport {
  let content = 0;
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: async (bytes, options) => {
      if (options?.kind === "content" && ++content === nth)
        throw new PermanentTransportError("lost on the way");
      return inner.publish(bytes, options);
    },
    ...(inner.retrieve === undefined ? {} : { retrieve: inner.retrieve.bind(inner) }),
    ...(inner.queryRange === undefined ? {} : { queryRange: inner.queryRange.bind(inner) }),
    ...(inner.connectivity === undefined ? {} : { connectivity: inner.connectivity }),
    ...(inner.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: inner.maxPayloadBytes }),
  };
}

it("a data segment that is really gone (never published) is rebuilt from parity: the message still arrives, once", async () => {
  const network = createMemoryNetwork({ seed: 21 });
  // 6 data segments of 192 bytes + 3 parity (rate 0.5); the 3rd data segment is lost for good.
  const profile = lip243({ segmentSizeBytes: 320, parityRate: 0.5 });
  const common = {
    channelId: "c",
    clock: network.clock,
    sds: { joinFrontier: false },
    missingTimeoutMs: 20_000,
    segmentation: { profile },
  } as const;
  const alice = await createReliableChannel({
    ...common,
    participantId: "alice",
    transport: losingNthContent(network.join("alice"), 3),
    random: createSeededRandom(1),
  });
  const bob = await createReliableChannel({
    ...common,
    participantId: "bob",
    transport: network.join("bob"),
    random: createSeededRandom(2),
  });
  const [sent, seen] = [record(alice), record(bob)];
  const payload = Uint8Array.from({ length: 1_000 }, (_, i) => (i * 131 + 9) % 251);
  const id = await alice.send(payload);
  await drive(network.clock, 180_000, 500, () => seen.of("message-received").length > 0);
  await drive(network.clock, 5_000);

  const failed = sent.of("send-failed");
  expect(failed.map((e) => [e.messageId, e.reason, e.segment?.index])).toEqual([[id, "permanent-error", 2]]);
  // Bob missed it and never got it (the store never had it); the later segments were released all the same
  // (the channel's verdict on a message no catch-up finds), and parity stood in for it.
  const lost = failed[0]?.segment?.messageId;
  expect(seen.of("missing").flatMap((e) => e.missing.map((m) => m.messageId))).toContain(lost);
  const received = seen.of("message-received");
  expect(received.map((e) => [e.messageId, e.segments])).toEqual([[id, { data: 6, parity: 3, rebuilt: 1 }]]);
  expect(received[0]?.payload).toEqual(payload);
  expect(seen.of("message-dropped")).toEqual([]);
  await Promise.all([alice.stop(), bob.stop()]);
});
