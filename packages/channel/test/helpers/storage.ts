import type { ChannelStorage, Storage, StorageOp } from "@reliable-channel/interfaces";
import { StorageError } from "@reliable-channel/interfaces";

/** A storage wrapper that records commits, can fail them, and can "crash" (see {@link CrashableStorage}). */
export interface CrashableStorage extends Storage {
  readonly commits: StorageOp[][];
  /** Makes the next commits fail with `StorageError` (while `true`). */
  failCommits: boolean;
  /**
   * Simulates a crash of the process holding the storage: every later commit never completes (nothing more
   * is written, no event after it fires) and the lock is released, as the OS would on exit.
   */
  crash(): Promise<void>;
}

/** Options of {@link crashable}. */
export interface CrashableInit {
  /**
   * A commit for which this holds is written, and then the process "dies": that commit and every later one
   * never complete (as after {@link CrashableStorage.crash}, whose release of the lock is still to call).
   */
  readonly crashAfter?: (channelId: string, ops: readonly StorageOp[]) => boolean;
}

/** Wraps `inner` (open one channel at a time). */
export function crashable(inner: Storage, init: CrashableInit = {}): CrashableStorage {
  const handles: ChannelStorage[] = [];
  let crashed = false;
  const storage: CrashableStorage = {
    commits: [],
    failCommits: false,
    async open(channelId, options) {
      const handle = await inner.open(channelId, options);
      handles.push(handle);
      return {
        channelId,
        load: () => handle.load(),
        close: () => (crashed ? Promise.resolve() : handle.close()),
        commit(ops) {
          if (crashed) return new Promise<void>(() => {});
          if (storage.failCommits) return Promise.reject(new StorageError("injected commit failure"));
          storage.commits.push([...ops]);
          if (init.crashAfter?.(channelId, ops) !== true) return handle.commit(ops);
          crashed = true;
          return handle.commit(ops).then(() => new Promise<void>(() => {}));
        },
      };
    },
    close: () => inner.close(),
    async crash() {
      crashed = true;
      await Promise.all(handles.map((handle) => handle.close()));
    },
  };
  return storage;
}
