import {
  type ChannelId,
  type ChannelStorage,
  StorageClosedError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import type { ChannelData } from "./channel-data.js";
import { validateStorageOps } from "./validate.js";

/** A handle on one channel of a memory storage; commits apply synchronously, so they are serialized. */
export class MemoryChannelStorage implements ChannelStorage {
  readonly channelId: ChannelId;
  readonly #data: ChannelData;
  readonly #release: () => void;
  #closed = false;

  constructor(channelId: ChannelId, data: ChannelData, release: () => void) {
    this.channelId = channelId;
    this.#data = data;
    this.#release = release;
  }

  async load(): Promise<StoredChannelState> {
    this.#assertOpen();
    return this.#data.snapshot();
  }

  async commit(ops: readonly StorageOp[]): Promise<void> {
    this.#assertOpen();
    validateStorageOps(ops);
    for (const op of ops) this.#data.apply(op);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError(`channel ${JSON.stringify(this.channelId)} is closed`);
  }
}
