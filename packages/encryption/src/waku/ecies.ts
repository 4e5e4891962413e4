import { createDecoder, createEncoder } from "@waku/message-encryption/ecies";
import { checkKey, routingOf } from "./keys.js";
import type { WakuEncryptionCodec, WakuRoutingInit } from "./routing.js";

/** Options of {@link wakuEciesEncryption}. */
export interface WakuEciesInit extends WakuRoutingInit {
  /**
   * The secp256k1 public key messages are encrypted to (65 bytes uncompressed, or 33 compressed). In a group
   * channel every participant holds the matching private key: one key pair for the group.
   */
  readonly publicKey: Uint8Array;
  /** The secp256k1 private key (32 bytes) that decrypts what arrives. */
  readonly privateKey: Uint8Array;
  /** A secp256k1 private key (32 bytes) to sign every message with. @default unsigned */
  readonly sigPrivKey?: Uint8Array;
}

/**
 * Waku-level asymmetric encryption (version-1 envelopes, ECIES over secp256k1, 26/WAKU2-PAYLOAD) from
 * `@waku/message-encryption`, as the `encoder` and `decoder` of `wakuTransport`; interoperates with js-waku's
 * `ReliableChannel` given the same keys. Messages are encrypted to `publicKey` and decrypted with
 * `privateKey`. Spread it into the transport's options: `wakuTransport({ node, contentTopic,
 * ...wakuEciesEncryption(...) })`.
 *
 * @throws InvalidArgumentError when a key has the wrong length, or not exactly one of `node` and `routingInfo` is given
 */
export function wakuEciesEncryption(init: WakuEciesInit): WakuEncryptionCodec {
  checkKey("publicKey", init.publicKey, [65, 33]);
  checkKey("privateKey", init.privateKey, [32]);
  if (init.sigPrivKey !== undefined) checkKey("sigPrivKey", init.sigPrivKey, [32]);
  const routingInfo = routingOf(init);
  const { contentTopic, publicKey, privateKey, sigPrivKey } = init;
  return {
    encoder: createEncoder({
      contentTopic,
      routingInfo,
      publicKey,
      ...(sigPrivKey === undefined ? {} : { sigPrivKey }),
    }),
    decoder: createDecoder(contentTopic, routingInfo, privateKey),
  };
}
