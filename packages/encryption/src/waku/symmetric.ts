import { createDecoder, createEncoder } from "@waku/message-encryption/symmetric";
import { checkKey, routingOf } from "./keys.js";
import type { WakuEncryptionCodec, WakuRoutingInit } from "./routing.js";

/** Options of {@link wakuSymmetricEncryption}. */
export interface WakuSymmetricInit extends WakuRoutingInit {
  /**
   * The 32-byte key every participant shares (`generateSymmetricKey()` of `@waku/message-encryption`, or
   * `keyFromPassword` / `keyFromSecret` of this package).
   */
  readonly symKey: Uint8Array;
  /** A secp256k1 private key (32 bytes) to sign every message with. @default unsigned */
  readonly sigPrivKey?: Uint8Array;
}

/**
 * Waku-level symmetric encryption (version-1 envelopes, AES-256-GCM, 26/WAKU2-PAYLOAD) from
 * `@waku/message-encryption`, as the `encoder` and `decoder` of `wakuTransport`: the envelope's payload is
 * encrypted, exactly as js-waku's `ReliableChannel` does with the same key, so both interoperate. Spread
 * it into the transport's options: `wakuTransport({ node, contentTopic, ...wakuSymmetricEncryption(...) })`.
 * Envelopes under another key are not decoded (never reach the channel). The payload is padded to a multiple
 * of 256 bytes, within `wakuTransport`'s default `envelopeReserveBytes` (1 KiB).
 *
 * @throws InvalidArgumentError when a key has the wrong length, or not exactly one of `node` and `routingInfo` is given
 */
export function wakuSymmetricEncryption(init: WakuSymmetricInit): WakuEncryptionCodec {
  checkKey("symKey", init.symKey, [32]);
  if (init.sigPrivKey !== undefined) checkKey("sigPrivKey", init.sigPrivKey, [32]);
  const routingInfo = routingOf(init);
  const { contentTopic, symKey, sigPrivKey } = init;
  return {
    encoder: createEncoder({
      contentTopic,
      routingInfo,
      symKey,
      ...(sigPrivKey === undefined ? {} : { sigPrivKey }),
    }),
    decoder: createDecoder(contentTopic, routingInfo, symKey),
  };
}
