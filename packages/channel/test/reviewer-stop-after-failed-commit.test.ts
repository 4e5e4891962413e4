// An independent reviewer's regression test (public API only): a storage commit fails (say, the disk is
// full) and the app stops the channel right after `send` rejected. The channel's recovery (stop the
// session, wait a moment on the channel's clock, restart from storage) must not hold the app's `stop()`
// for its wait: before the fix, `stop()` on a virtual clock that nobody advanced never resolved, and on a
// real clock it resolved a second later, after a needless restart.
import { createReliableChannel } from "@reliable-channel/channel";
import { type Storage, StorageError } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { expect, it } from "vitest";

it("stop() right after a failed commit resolves at once and stays stopped", { timeout: 5_000 }, async () => {
  const network = createMemoryNetwork({ seed: 8_100_401 });
  const inner = memoryStorage();
  let failing = false;
  const opened: string[] = [];
  const storage: Storage = {
    async open(channelId, options) {
      opened.push(channelId);
      const channel = await inner.open(channelId, options);
      return {
        channelId: channel.channelId,
        load: () => channel.load(),
        close: () => channel.close(),
        commit: (ops) => (failing ? Promise.reject(new StorageError("disk full")) : channel.commit(ops)),
      };
    },
    close: () => inner.close(),
  };
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: "alice",
    transport: network.join("alice"),
    clock: network.clock,
    storage,
  });
  const errors: string[] = [];
  channel.on("error", ({ operation }) => errors.push(operation));
  await network.settle();
  failing = true;
  // The app stops the channel as soon as its send fails (the same turn as the rejection).
  let sendError: unknown;
  try {
    await channel.send(new TextEncoder().encode("lost to a full disk"));
  } catch (error) {
    sendError = error;
  }
  await channel.stop(); // the virtual clock does not move: nothing may wait on it
  expect(sendError).toBeInstanceOf(StorageError);
  // The failed send's commit, and perhaps the stop's final checkpoint on the same full disk; no restart.
  expect(errors.length).toBeGreaterThan(0);
  expect(new Set(errors)).toEqual(new Set(["storage commit"]));
  expect(
    opened.filter((id) => id === "room"),
    "opens of the channel's storage: no restart",
  ).toHaveLength(1);
  await expect(channel.send(new TextEncoder().encode("after stop"))).rejects.toThrow(/stopped|not started/);
  // Started again by the app, on a storage that works again: it runs.
  failing = false;
  await channel.start();
  await channel.send(new TextEncoder().encode("back"));
  await channel.stop();
});
