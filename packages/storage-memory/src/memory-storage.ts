import {
  type ChannelId,
  type ChannelStorage,
  type OpenOptions,
  type Storage,
  StorageClosedError,
  StorageLockedError,
} from "@reliable-channel/interfaces";
import { MemoryChannelStorage } from "./memory-channel-storage.js";
import { validateChannelId } from "./validate.js";
import { channelData, createMemoryVolume, type MemoryVolume, volumeState } from "./volume.js";

/** Options of {@link memoryStorage}. */
export interface MemoryStorageInit {
  /**
   * Where the channel states live. Pass the same volume to a later `memoryStorage` to simulate a restart.
   * @default a new, private volume
   */
  readonly volume?: MemoryVolume;
}

/**
 * The in-memory {@link Storage}: the channel's default. Not durable — state lives as long as its
 * {@link MemoryVolume}. It keeps the whole port contract (atomic ordered commits, exclusive handles, counters
 * that never go backwards, copies in and out) so code tested against it behaves the same on SQLite or
 * IndexedDB.
 *
 * @example
 * ```ts
 * const storage = memoryStorage();
 * const channel = await storage.open("my-channel");
 * await channel.commit([{ type: "counters", counters: { sequence: 1n } }]);
 * (await channel.load()).counters.sequence; // 1n
 * ```
 */
export function memoryStorage(init: MemoryStorageInit = {}): Storage {
  return new MemoryStorage(init.volume ?? createMemoryVolume());
}

class MemoryStorage implements Storage {
  readonly #state: ReturnType<typeof volumeState>;
  readonly #handles = new Set<MemoryChannelStorage>();
  #closed = false;

  constructor(volume: MemoryVolume) {
    this.#state = volumeState(volume);
  }

  async open(channelId: ChannelId, options: OpenOptions = {}): Promise<ChannelStorage> {
    options.signal?.throwIfAborted();
    if (this.#closed) throw new StorageClosedError();
    validateChannelId(channelId);
    const state = this.#state;
    if (state.locked.has(channelId))
      throw new StorageLockedError(`channel ${JSON.stringify(channelId)} is open`);
    state.locked.add(channelId);
    const handle = new MemoryChannelStorage(channelId, channelData(state, channelId), () => {
      state.locked.delete(channelId);
      this.#handles.delete(handle);
    });
    this.#handles.add(handle);
    return handle;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#handles].map((handle) => handle.close()));
  }
}
