/**
 * Durable Storage port for browsers on IndexedDB: one strict-durability transaction per commit, consistent
 * loads, a versioned schema, corrupted records reported, channels exclusive across tabs through Web Locks.
 * @packageDocumentation
 */
export { type IndexedDbStorageInit, indexedDbStorage } from "./indexeddb-storage.js";
export { SCHEMA_VERSION } from "./schema.js";
