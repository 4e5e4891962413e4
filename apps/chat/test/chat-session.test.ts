import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { afterEach, describe, expect, it } from "vitest";
import { type ChatSession, openChatSession } from "../src/chat-session.js";

describe("the chat session", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("names the message in each acknowledgement line, and a restart from SQLite shows nothing seen again", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "chat-session-"));
    dirs.push(dataDir);
    const network = createMemoryNetwork({ seed: 3 });
    const clock = network.clock;
    const printed = { alice: [] as string[], bob: [] as string[] };
    const transports = { alice: network.join("alice"), bob: network.join("bob") };
    const open = (name: "alice" | "bob"): Promise<ChatSession> =>
      openChatSession({
        name,
        channel: "lobby",
        transport: transports[name],
        dataDir,
        print: (line) => printed[name].push(line),
        clock,
      });

    const alice = await open("alice");
    let bob = await open("bob");
    await alice.send("hello bob");
    await clock.advanceAsync(30_000);
    expect(printed.bob).toEqual(["<alice> hello bob"]);
    expect(printed.alice).toEqual(['  ✓ "hello bob" seen by bob']);

    await bob.stop();
    await alice.send("while you were away");
    await clock.advanceAsync(30_000);
    bob = await open("bob"); // the same SQLite file (and network address): a restart
    await clock.advanceAsync(30_000);
    expect(printed.bob).toEqual(["<alice> hello bob", "<alice> while you were away"]);
    expect(printed.alice).toEqual(['  ✓ "hello bob" seen by bob', '  ✓ "while you were away" seen by bob']);
    await Promise.all([alice.stop(), bob.stop()]);
  });
});
