import { type ChannelStorage, type Storage, StorageCorruptionError } from "@reliable-channel/interfaces";
import { DEFAULT_USAGE_STORAGE_ID } from "./defaults.js";
import type { EpochUsage, UsageStore } from "./usage-store.js";

const META_KEY = "epoch-usage";

/** Options of {@link storageUsageStore}. */
export interface StorageUsageStoreInit {
  /**
   * The id under which the usage is kept in `storage` (beside the channels' states). One per RLN
   * membership: channels that publish with the same membership share it.
   * @default DEFAULT_USAGE_STORAGE_ID
   */
  readonly id?: string;
}

/**
 * A {@link UsageStore} in any `Storage` adapter (memory, SQLite, IndexedDB): the usage is one meta blob
 * of its own state, opened on the first `load` and released by `close`.
 */
export function storageUsageStore(storage: Storage, init: StorageUsageStoreInit = {}): UsageStore {
  const id = init.id ?? DEFAULT_USAGE_STORAGE_ID;
  let handle: Promise<ChannelStorage> | undefined;
  const open = (): Promise<ChannelStorage> => {
    handle ??= storage.open(id);
    return handle;
  };
  return {
    async load() {
      const { meta } = await (await open()).load();
      const bytes = meta[META_KEY];
      return bytes === undefined ? undefined : decodeUsage(bytes);
    },
    async save(usage) {
      const value = new TextEncoder().encode(JSON.stringify(usage));
      await (await open()).commit([{ type: "meta-put", key: META_KEY, value }]);
    },
    async close() {
      const opened = handle;
      handle = undefined;
      if (opened !== undefined) await (await opened).close();
    },
  };
}

function decodeUsage(bytes: Uint8Array): EpochUsage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new StorageCorruptionError("stored rate limit usage is not JSON", { cause });
  }
  if (typeof parsed === "object" && parsed !== null && "epochStart" in parsed && "used" in parsed) {
    const { epochStart, used } = parsed;
    if (typeof epochStart === "number" && typeof used === "number") return { epochStart, used };
  }
  throw new StorageCorruptionError("stored rate limit usage has the wrong shape");
}
