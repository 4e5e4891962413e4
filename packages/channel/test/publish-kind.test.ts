import type { PublishKind, Transport } from "@reliable-channel/interfaces";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";

/** `inner` with every publish's `kind` recorded (absent recorded as `undefined`). */
function kindsOf(inner: Transport, kinds: (PublishKind | undefined)[]): Transport {
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: (bytes, options) => {
      kinds.push(options?.kind);
      return inner.publish(bytes, options);
    },
  };
}

describe("publish kinds", () => {
  it("the channel says what each publish is: the first publish content, re-publishes retries, syncs, ephemerals", async () => {
    const network = createMemoryNetwork({ seed: 5 });
    const kinds: (PublishKind | undefined)[] = [];
    const alice = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: kindsOf(network.join("alice"), kinds),
      clock: network.clock,
      random: createSeededRandom(6),
    });
    await alice.send(text("one"));
    await alice.sendEphemeral(text("typing"));
    // Nobody acknowledges: the message is re-published after the retry delay; a sync goes out meanwhile.
    await drive(network.clock, 12_000);
    await alice.stop();
    expect(kinds.slice(0, 2)).toEqual(["content", "ephemeral"]);
    expect(kinds).toContain("sync");
    expect(kinds).toContain("retry");
    expect(kinds.filter((kind) => kind === "content")).toHaveLength(1);
    expect(kinds).not.toContain(undefined);
  });
});

describe("re-publishes behind a backlog of our own", () => {
  it("a retry falls due while a first publish of ours is outstanding: it waits until that one went out", async () => {
    const network = createMemoryNetwork({ seed: 8 });
    const kinds: (PublishKind | undefined)[] = [];
    const inner = network.join("alice");
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let contents = 0;
    const gated: Transport = {
      ...kindsOf(inner, kinds),
      // The second message's first publish hangs (a rate limit holds it) until the gate opens.
      publish: async (bytes, options) => {
        kinds.push(options?.kind);
        if (options?.kind === "content" && ++contents === 2) await gate;
        return inner.publish(bytes, options);
      },
    };
    const alice = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: gated,
      clock: network.clock,
      random: createSeededRandom(9),
    });
    await alice.send(text("one"));
    await alice.send(text("two"));
    // Well past the first message's retry delay: no re-publish while "two" waits for its first publish.
    await drive(network.clock, 30_000);
    expect(kinds.filter((kind) => kind === "retry")).toEqual([]);
    release();
    await drive(network.clock, 30_000);
    expect(kinds.filter((kind) => kind === "retry").length).toBeGreaterThan(0);
    await alice.stop();
  });
});
