import type { Encryption, Signer } from "@reliable-channel/interfaces";
import type { WireProfile } from "@reliable-channel/sds";

/**
 * The channel's encryption and what it adds to an envelope: `encryption` as given without a signer; with
 * one, signed envelopes around it (`signed-envelope.ts`, loaded only then: a channel without a signer does
 * not carry the signing code in a browser bundle).
 * @throws InvalidArgumentError when `signer` is malformed or its id is not `participantId`.
 */
export async function envelopeEncryption(
  init: {
    readonly signer?: Signer;
    readonly encryption?: Encryption;
    readonly participantId: string;
    readonly wire: WireProfile;
  },
  innerOverhead: (encryption: Encryption | undefined) => Promise<number>,
): Promise<{ encryption: Encryption | undefined; overheadBytes: number }> {
  const { signer, encryption } = init;
  const innerOverheadBytes = await innerOverhead(encryption);
  if (signer === undefined) return { encryption, overheadBytes: innerOverheadBytes };
  const { signedEncryption } = await import("./signed-envelope.js");
  return signedEncryption({ ...init, signer }, encryption, innerOverheadBytes);
}
