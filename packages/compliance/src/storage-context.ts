import type { Storage } from "@reliable-channel/interfaces";
import type { StorageHarness } from "./storage-suite.js";

/** What the storage suite's test groups share (package-private). */
export interface StorageSuiteContext {
  /** The harness of the running test. */
  harness(): StorageHarness;
  /** Opens a new `Storage` over the test's data; it is closed after the test. */
  storage(): Promise<Storage>;
  /** Closes `storage` and opens a new one over the same data: a restart. */
  restart(storage: Storage): Promise<Storage>;
}
