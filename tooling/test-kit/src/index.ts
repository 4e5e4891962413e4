/**
 * Helpers shared by the workspace's tests and benchmarks (private, never published): seeded sampling over
 * the one seeded PRNG. The virtual clock is `createVirtualClock` of `@reliable-channel/transport-memory`;
 * the SDS-R simulation is at `@reliable-channel/test-kit/sds-repair-simulation`, browser bundle sizes at
 * `@reliable-channel/test-kit/bundle-size`.
 * @packageDocumentation
 */

export { stopJsWakuChannel } from "./js-waku.js";
export { createPrng, type Prng, sample, uniformInt } from "./prng.js";
