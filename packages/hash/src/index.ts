export { CACHED_UTF8_STRINGS, cachedUtf8 } from "./cached-utf8.js";
export { toHex } from "./hex.js";
export {
  nativeSha256,
  nativeSha256Hex,
  portableSha256,
  portableSha256Hex,
  type Sha256,
  type Sha256Hex,
  sha256,
  sha256Hex,
} from "./sha256.js";
