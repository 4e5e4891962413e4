/**
 * `@reliable-channel/storage-memory/helpers`: the op validation, ordering and integrity helpers every
 * storage adapter of this project shares, without the in-memory storage itself — so that an adapter
 * (IndexedDB, SQLite) does not bring the memory storage into an app's bundle.
 * @packageDocumentation
 */
export { compareBigints, compareMessageIds } from "./compare.js";
export {
  CHECKSUM_BYTES,
  manifestChecksum,
  rowChecksum,
  type StoredRow,
  type StoreManifest,
  sameBytes,
} from "./row-checksum.js";
export { checkRowChecksum, RowTally } from "./row-tally.js";
export { storedChannelState } from "./stored-state.js";
export { MAX_STORED_BIGINT, validateChannelId, validateStorageOps } from "./validate.js";
