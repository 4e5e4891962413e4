/**
 * Encryption of the whole encoded SDS message, provided by the consumer and agnostic to the scheme.
 * `decrypt` throws (or rejects) when the bytes are not for this key; the channel then drops the message
 * with a reason and never throws into the transport.
 */
export interface Encryption {
  encrypt(plaintext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> | Uint8Array;
}
