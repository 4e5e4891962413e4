import { describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { contentTopic, setup } from "./transport-fixtures.js";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("transports on one node", () => {
  it("share one subscription per content topic, started together; the last to stop unsubscribes", async () => {
    const { network, node, transport: first } = setup();
    const second = wakuTransport({ node, contentTopic });
    const other = wakuTransport({ node, contentTopic: "/reliable-channel/1/other/proto" });
    const marked = wakuTransport({ node, contentTopic, wireProfile: "nim-sds" });
    await Promise.all([first.start(), second.start(), other.start(), marked.start()]);
    // One subscription for the topic, one for the other topic, one for the marked transport (it filters).
    expect(network.subscribedDecoders).toHaveLength(3);
    const got: string[][] = [[], []];
    let waiting: { count: number; resolve: () => void } | undefined;
    const arrivals = (count: number): Promise<void> =>
      new Promise((resolve) => {
        waiting = { count, resolve };
      });
    const record = (i: number) => (b: Uint8Array) => {
      got[i]?.push(new TextDecoder().decode(b));
      if (waiting !== undefined && --waiting.count === 0) waiting.resolve();
    };
    first.subscribe(record(0));
    second.subscribe(record(1));
    const both = arrivals(2);
    await first.publish(text("hello"));
    await both;
    expect(got).toEqual([["hello"], ["hello"]]);

    await first.stop();
    expect(network.unsubscribedDecoders).toHaveLength(0);
    const one = arrivals(1);
    await second.publish(text("still here"));
    await one;
    expect(got).toEqual([["hello"], ["hello", "still here"]]);
    await second.stop();
    expect(network.unsubscribedDecoders).toHaveLength(1);

    // A transport that starts afterwards subscribes anew.
    const third = wakuTransport({ node, contentTopic });
    await third.start();
    expect(network.subscribedDecoders).toHaveLength(4);
    await Promise.all([third.stop(), other.stop(), marked.stop()]);
    expect(network.unsubscribedDecoders).toHaveLength(4);
  });
});
