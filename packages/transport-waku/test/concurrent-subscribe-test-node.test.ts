import { afterEach, describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { guard } from "./loopback.js";
import { createLoopbackFixture } from "./loopback-fixture.js";

const TOPICS = 10;
const topicOf = (i: number): string => `/reliable-channel/1/concurrent-${i}/proto`;

describe("transports started at once on one light node (real @waku/sdk, loopback test node)", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it(`${2 * TOPICS} transports on ${TOPICS} topics, all started together: each receives every message of its topic (the sdk replaced the subscription of one pubsub topic when two subscribed at once)`, async () => {
    const node = await loopback.startNode();
    const [reader, writer] = await loopback.lightNodes(node, 2);
    if (reader === undefined || writer === undefined) throw new Error("light nodes");
    const received = new Map<number, string[]>();
    const expected = 2 * TOPICS;
    let count = 0;
    let allArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    const readers = Array.from({ length: 2 * TOPICS }, (_, i) => {
      const transport = wakuTransport({ node: reader, contentTopic: topicOf(i % TOPICS) });
      transport.subscribe((bytes) => {
        received.set(i, [...(received.get(i) ?? []), new TextDecoder().decode(bytes)]);
        if (++count === expected) allArrived();
      });
      return transport;
    });
    const writers = Array.from({ length: TOPICS }, (_, i) =>
      wakuTransport({ node: writer, contentTopic: topicOf(i) }),
    );
    for (const transport of [...readers, ...writers]) loopback.track(transport);
    await Promise.all(readers.map((t) => t.start()));
    for (const w of writers) await w.start();
    for (const [i, w] of writers.entries()) await w.publish(new TextEncoder().encode(`to topic ${i}`));
    await guard(arrived, `${expected} deliveries (got ${count})`).catch(() => undefined);
    for (let i = 0; i < 2 * TOPICS; i++)
      expect(received.get(i), `reader ${i}`).toEqual([`to topic ${i % TOPICS}`]);
  }, 30_000);
});
