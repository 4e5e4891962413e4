import { type ChannelId, type Counters, StorageCorruptionError } from "@reliable-channel/interfaces";
import {
  CHECKSUM_BYTES,
  manifestChecksum,
  type StoreManifest,
  sameBytes,
} from "@reliable-channel/storage-memory/helpers";
import { requested } from "./idb-promises.js";
import type { ManifestRecord } from "./schema.js";

/**
 * The channel's manifest, checked against its checksum; `undefined` when the channel has none (a new channel,
 * or a schema-1 channel not yet prepared).
 * @throws {StorageCorruptionError} when the record is malformed or does not match its checksum.
 */
export async function readManifest(
  tx: IDBTransaction,
  channelId: ChannelId,
): Promise<StoreManifest | undefined> {
  const record: unknown = await requested(tx.objectStore("manifest").get(channelId));
  if (record === undefined) return undefined;
  const fields = (typeof record === "object" && record !== null ? record : {}) as Partial<ManifestRecord>;
  const { lamportTimestamp, sequence, storeId, rows, digest, checksum } = fields;
  if (
    typeof lamportTimestamp !== "bigint" ||
    typeof sequence !== "bigint" ||
    !(storeId instanceof Uint8Array) ||
    typeof rows !== "number" ||
    !(digest instanceof Uint8Array) ||
    !(checksum instanceof Uint8Array)
  ) {
    throw new StorageCorruptionError(`the manifest of channel ${JSON.stringify(channelId)} is malformed`);
  }
  const manifest: StoreManifest = {
    channelId,
    storeId,
    counters: { lamportTimestamp, sequence },
    rows,
    digest,
  };
  if (!sameBytes(checksum, manifestChecksum(manifest))) {
    throw new StorageCorruptionError(
      `the manifest of channel ${JSON.stringify(channelId)} does not match its checksum`,
    );
  }
  return manifest;
}

/** Writes the manifest with its checksum (inside the caller's read-write transaction). */
export async function writeManifest(tx: IDBTransaction, manifest: StoreManifest): Promise<void> {
  const { channelId, storeId, counters, rows, digest } = manifest;
  const record: ManifestRecord = {
    channelId,
    lamportTimestamp: counters.lamportTimestamp,
    sequence: counters.sequence,
    storeId,
    rows,
    digest,
    checksum: manifestChecksum(manifest),
  };
  await requested(tx.objectStore("manifest").put(record));
}

/** The manifest of a channel that has none yet: no rows, zero counters, a new store id. */
export function emptyManifest(channelId: ChannelId, counters?: Counters): StoreManifest {
  return {
    channelId,
    storeId: globalThis.crypto.getRandomValues(new Uint8Array(16)),
    counters: counters ?? { lamportTimestamp: 0n, sequence: 0n },
    rows: 0,
    digest: new Uint8Array(CHECKSUM_BYTES),
  };
}
