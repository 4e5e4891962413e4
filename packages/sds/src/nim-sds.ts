/**
 * `@reliable-channel/sds/nim-sds`: nim-sds's wire profile (`nimSdsWire`: its codec, the filter wrapped with its
 * parameters, native Nim's FarmHash64 behind bloom positions), and every profile by name. A separate entry
 * point, so that a bundle for the js-waku wire leaves it out and a channel on the nim-sds wire loads it when
 * it is created.
 * @packageDocumentation
 */
export { bloomBaseHashes, farmBaseHashes } from "./farm-bloom-hash.js";
export { farmHash64 } from "./farm-hash.js";
export {
  decodeNimBloom,
  encodeNimBloom,
  NIM_BLOOM_MAX_HASHES,
  type NimBloom,
  type NimBloomParams,
} from "./nim-bloom.js";
export { decodeNimSdsMessage, encodeNimSdsMessage } from "./nim-codec.js";
export { nimSdsWire } from "./nim-sds-wire.js";
export { WIRE_PROFILES, wireProfile } from "./wire-profiles.js";
