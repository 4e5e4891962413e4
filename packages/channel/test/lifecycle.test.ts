import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("lifecycle", () => {
  it("start and stop are idempotent, also when called concurrently", async () => {
    const network = createMemoryNetwork({ seed: 31 });
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport: network.join("a"),
      clock: network.clock,
      autoStart: false,
    });
    await Promise.all([channel.start(), channel.start()]);
    await channel.start();
    expect(channel.state).toBe("started");
    await Promise.all([channel.stop(), channel.stop()]);
    await channel.stop();
    expect(channel.state).toBe("stopped");
  });

  it("start and stop called in a row without awaiting end as the last one asked; a failed start can be retried", async () => {
    const network = createMemoryNetwork({ seed: 33 });
    const transport = network.join("a");
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport,
      clock: network.clock,
    });
    const stopped = channel.stop();
    const started = channel.start();
    await Promise.all([stopped, started]);
    expect(channel.state).toBe("started");
    const again = [channel.stop(), channel.start(), channel.stop()];
    await Promise.all(again);
    expect(channel.state).toBe("stopped");
    // A start that failed (the disk was not there yet) is tried afresh by the next start().
    const disk = memoryStorage();
    let opens = 0;
    const failing = await createReliableChannel({
      channelId: "c",
      participantId: "b",
      transport: network.join("b"),
      clock: network.clock,
      autoStart: false,
      storage: {
        open: async (channelId) => {
          opens += 1;
          if (opens === 1) throw new Error("disk unavailable");
          return disk.open(channelId);
        },
        close: () => disk.close(),
      },
    });
    await expect(failing.start()).rejects.toThrow("disk unavailable");
    expect(failing.state).not.toBe("started");
    await failing.start();
    expect(failing.state).toBe("started");
    await failing.stop();
  });

  it("stop cancels every timer, retry and subscription: nothing is left on the clock, no event follows", async () => {
    const { network, members } = await createGroup({ seed: 32, size: 2 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    network.setOffline("p1", true);
    await alice.channel.send(text("pending"));
    await drive(network.clock, 500);
    expect(network.clock.pending()).toBeGreaterThan(0);
    await Promise.all(members.map((m) => m.channel.stop()));
    await network.settle();
    expect(network.clock.pending()).toBe(0);
    const before = alice.recorder.events.length;
    const peer = network.join("late");
    await peer.start();
    await peer.publish(new Uint8Array([1, 2, 3]));
    await drive(network.clock, 60_000);
    expect(alice.recorder.events.length).toBe(before);
    await peer.stop();
  });

  it("a restart resumes the retrieval of a missing message", async () => {
    const { network, members } = await createGroup({ seed: 33, size: 3 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    network.setOffline("p1", true);
    const first = await alice.channel.send(text("first"));
    await drive(network.clock, 2_000);
    network.setOffline("p1", false);
    network.failNextRetrieve("p1", "transient", 1);
    await alice.channel.send(text("second"));
    await drive(network.clock, 300);
    expect(bob.recorder.of("missing").map((e) => e.missing.map((m) => m.messageId))).toEqual([[first]]);
    await bob.channel.stop();
    await bob.channel.start();
    await drive(network.clock, 10_000);
    expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["first", "second"]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("a restart after stop delivers new messages without repeating old events", async () => {
    const { network, members } = await createGroup({ seed: 34, size: 2 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    await alice.channel.send(text("one"));
    await drive(network.clock, 3_000);
    await bob.channel.stop();
    await bob.channel.start();
    await alice.channel.send(text("two"));
    await drive(network.clock, 3_000);
    await bob.channel.stop();
    await bob.channel.start();
    await drive(network.clock, 40_000);
    expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["one", "two"]);
    expect(alice.recorder.of("acknowledged")).toHaveLength(2);
    await Promise.all(members.map((m) => m.channel.stop()));
    expect(network.clock.pending()).toBe(0);
  });

  it("a stopped channel's real timers do not keep a Node.js process alive", async () => {
    const { spawn } = await import("node:child_process");
    const script = `
      import { createReliableChannel } from "${new URL("../src/index.ts", import.meta.url).pathname}";
      import { createMemoryNetwork } from "@reliable-channel/transport-memory";
      const network = createMemoryNetwork({ seed: 1 });
      const channel = await createReliableChannel({ channelId: "c", participantId: "a", transport: network.join("a") });
      await channel.send(new TextEncoder().encode("hi"));
      await channel.stop();
      console.log("sent");
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: new URL("..", import.meta.url).pathname,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(out.trim()).toBe("sent");
    expect(code).toBe(0);
  });
});

describe("seeded randomness", () => {
  it("the same seed gives the same run", async () => {
    const ids = async () => {
      const { network, members } = await createGroup({ seed: 35, size: 2, network: { loss: 0.3 } });
      await members[0]?.channel.send(text("x"));
      await drive(network.clock, 10_000);
      const trace = members.flatMap((m) => m.recorder.events.map((e) => `${m.id}:${e.type}`));
      await Promise.all(members.map((m) => m.channel.stop()));
      return trace;
    };
    expect(await ids()).toEqual(await ids());
    expect(createSeededRandom(1).next()).toBe(createSeededRandom(1).next());
  });
});
