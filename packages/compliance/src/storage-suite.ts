import { type ChannelId, NotStartedError, type Storage } from "@reliable-channel/interfaces";
import { afterEach, beforeEach, describe } from "vitest";
import { defineAtomicityTests } from "./storage-cases-atomicity.js";
import { defineDataTests } from "./storage-cases-data.js";
import { defineLifecycleTests } from "./storage-cases-lifecycle.js";
import { defineOrderingTests } from "./storage-cases-ordering.js";
import type { StorageSuiteContext } from "./storage-context.js";

/** Which kind of stored row {@link StorageHarness.corrupt} damages. */
export type StorageCorruptionTarget = "outbox" | "log" | "incoming" | "counters" | "meta";

/** What a storage adapter hands the suite: fresh, empty data that any number of `Storage`s can open. */
export interface StorageHarness {
  /**
   * A new, independent `Storage` over the harness's data. Calling it again while an earlier one is open is
   * "another process" (its `open` of a held channel must reject with `StorageLockedError`); calling it after
   * closing the earlier one is a restart (it must see everything committed).
   */
  open(): Promise<Storage>;
  /**
   * Optional: damages one stored row of `target` kind in `channelId` (no handle on it is open) so that it can
   * no longer be read back; `load` must then reject with `StorageCorruptionError`. Adapters that can do it
   * should: the corruption tests are skipped otherwise.
   */
  corrupt?(channelId: ChannelId, target: StorageCorruptionTarget): Promise<void>;
  /**
   * Optional: deletes one stored row of `target` kind in `channelId` behind the adapter's back (for
   * `counters`: the row that holds them), as a damaged disk can; `open` or `load` must then reject with
   * `StorageCorruptionError` rather than return the state without it. Durable adapters that keep a manifest
   * should provide it: the lost-row tests are skipped otherwise.
   */
  lose?(channelId: ChannelId, target: StorageCorruptionTarget): Promise<void>;
  /** Releases everything the harness made (files, databases). Called after each test. */
  dispose?(): Promise<void>;
}

/** Makes a fresh {@link StorageHarness} for each test. */
export type StorageHarnessFactory = () => StorageHarness | Promise<StorageHarness>;

/**
 * The storage compliance suite: call it at the top level of a test file of a `Storage` adapter. It defines
 * vitest `describe`/`it` blocks that check the port's contract: atomic commits (a commit with a bad op
 * changes nothing), ops applied in order, lists ordered as documented, restart round-trips, counters that
 * never go backwards, exclusive handles (`StorageLockedError`, across instances too), serialized concurrent
 * commits, closed handles (`StorageClosedError`), corrupted and lost rows reported (`StorageCorruptionError`), and
 * bigints and byte arrays that round-trip exactly. Randomized tests print their seed in the test name.
 *
 * @example
 * ```ts
 * import { storageComplianceSuite } from "@reliable-channel/compliance";
 * import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
 *
 * storageComplianceSuite("memory", () => {
 *   const volume = createMemoryVolume();
 *   return { open: async () => memoryStorage({ volume }) };
 * });
 * ```
 */
export function storageComplianceSuite(name: string, factory: StorageHarnessFactory): void {
  describe(`storage compliance: ${name}`, () => {
    let harness: StorageHarness | undefined;
    let opened: Storage[] = [];
    const current = (): StorageHarness => {
      if (harness === undefined) throw new NotStartedError("the storage harness is not ready");
      return harness;
    };
    const context: StorageSuiteContext = {
      harness: current,
      async storage() {
        const storage = await current().open();
        opened.push(storage);
        return storage;
      },
      async restart(storage) {
        await storage.close();
        return context.storage();
      },
    };
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await Promise.all(opened.map((storage) => storage.close()));
      await harness?.dispose?.();
      opened = [];
      harness = undefined;
    });
    defineDataTests(context);
    defineOrderingTests(context);
    defineAtomicityTests(context);
    defineLifecycleTests(context);
  });
}
