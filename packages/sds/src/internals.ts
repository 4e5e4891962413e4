/**
 * `@reliable-channel/sds/internals`: building blocks of the core that the workspace's other packages and
 * benchmarks share — bit access in the SDS filter layout (the channel's bloom checks), the binary min-heap
 * (the channel's shared clock, SDS-R's due-time queues) and the rolling bloom filter (the long-run
 * benchmark). Not part of the protocol API of `@reliable-channel/sds`: a separate entry point, so that the
 * main index exports only what an application uses, and these may change with the packages that use them.
 * @packageDocumentation
 */
export { falsePositiveRate, hasAllBits, popCount, setBit } from "./bloom-bits.js";
export { createMinHeap, type MinHeap } from "./min-heap.js";
export { BLOOM_PENDING_MAX, createRollingBloom, type RollingBloom } from "./rolling-bloom.js";
