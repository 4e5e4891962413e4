import { type ChannelStorage, StorageError, type StorageOp } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { describe, expect, it } from "vitest";
import { CommitQueue } from "../src/commit-queue.js";

const meta = (key: string): StorageOp => ({ type: "meta-put", key, value: new Uint8Array([1]) });

function spyStorage(
  inner: ChannelStorage,
  fail = false,
): { storage: ChannelStorage; commits: StorageOp[][] } {
  const commits: StorageOp[][] = [];
  return {
    commits,
    storage: {
      channelId: inner.channelId,
      load: () => inner.load(),
      close: () => inner.close(),
      async commit(ops) {
        commits.push([...ops]);
        if (fail) throw new StorageError("disk full");
        await inner.commit(ops);
      },
    },
  };
}

describe("CommitQueue", () => {
  it("batches changes of one turn into one atomic commit, with a snapshot only when asked", async () => {
    const { storage, commits } = spyStorage(await memoryStorage().open("c"));
    const snapshots: boolean[] = [];
    const queue = new CommitQueue({
      storage,
      snapshot: (force) => {
        snapshots.push(force);
        return force ? [meta("snap")] : [];
      },
      onError: () => {},
    });
    const order: string[] = [];
    const a = queue.enqueue([meta("a")], { after: () => order.push("a") });
    const b = queue.enqueue([meta("b")], { snapshot: true, after: () => order.push("b") });
    queue.afterPending(() => order.push("c"));
    await Promise.all([a, b]);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.map((op) => (op.type === "meta-put" ? op.key : op.type))).toEqual(["a", "b", "snap"]);
    expect(snapshots).toEqual([true]);
    expect(order).toEqual(["a", "b", "c"]);
    const loaded = await storage.load();
    expect(Object.keys(loaded.meta).sort()).toEqual(["a", "b", "snap"]);
  });

  it("skips an empty batch without a snapshot, and afterPending runs at once when idle", async () => {
    const { storage, commits } = spyStorage(await memoryStorage().open("c"));
    const queue = new CommitQueue({ storage, snapshot: () => [], onError: () => {} });
    await queue.enqueue([]);
    const ran = await new Promise<boolean>((resolve) => queue.afterPending(() => resolve(true)));
    expect(commits).toHaveLength(0);
    expect(ran).toBe(true);
  });

  it("rejects the waiters of a failed batch, reports the error, and skips its callbacks", async () => {
    const { storage } = spyStorage(await memoryStorage().open("c"), true);
    const errors: unknown[] = [];
    const queue = new CommitQueue({ storage, snapshot: () => [], onError: (e) => errors.push(e) });
    let after = false;
    await expect(queue.enqueue([meta("x")], { after: () => (after = true) })).rejects.toBeInstanceOf(
      StorageError,
    );
    await queue.drain();
    expect(after).toBe(false);
    expect(errors).toHaveLength(1);
  });
  it("awaits a batch's `before` steps, after its snapshot and before its commit; one that rejects fails the batch", async () => {
    const { storage, commits } = spyStorage(await memoryStorage().open("c"));
    const errors: unknown[] = [];
    const order: string[] = [];
    const queue = new CommitQueue({
      storage,
      snapshot: () => {
        order.push("snapshot");
        return [];
      },
      onError: (error) => errors.push(error),
    });
    let release = (): void => {};
    const before = (): Promise<void> => {
      order.push("before");
      return new Promise((resolve) => {
        release = resolve;
      });
    };
    const done = queue.enqueue([meta("a")], { before, after: () => order.push("after") });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["snapshot", "before"]);
    expect(commits).toEqual([]);
    release();
    await done;
    expect(order).toEqual(["snapshot", "before", "after"]);
    expect(commits).toHaveLength(1);
    const failure = new Error("elsewhere");
    const failed = queue.enqueue([meta("b")], {
      before: () => Promise.reject(failure),
      after: () => order.push("x"),
    });
    await expect(failed).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
    expect(commits).toHaveLength(1);
    expect(order).not.toContain("x");
  });
});
