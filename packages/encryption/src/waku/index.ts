/**
 * Waku-level encryption from `@waku/message-encryption` (a peer dependency, like `@waku/sdk`: install both
 * beside this package), as the `encoder` and `decoder` of `wakuTransport`, for channels shared with js-waku's
 * `ReliableChannel` under symmetric or ECIES encryption.
 * @packageDocumentation
 */

export { type WakuEciesInit, wakuEciesEncryption } from "./ecies.js";
export type { WakuEncryptionCodec, WakuRoutingInfo, WakuRoutingInit, WakuRoutingSource } from "./routing.js";
export { type WakuSymmetricInit, wakuSymmetricEncryption } from "./symmetric.js";
