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
