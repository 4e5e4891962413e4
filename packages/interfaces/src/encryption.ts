import type { MembershipChange } from "./membership.js";

/**
 * Encryption of the whole encoded SDS message, provided by the consumer and agnostic to the scheme.
 * `decrypt` throws (or rejects) when the bytes are not for this key; the channel then drops the message
 * with a reason and never throws into the transport.
 */
export interface Encryption {
  /**
   * The most bytes `encrypt` adds to a plaintext (e.g. 28 for AES-GCM with a prepended 12-byte IV and a
   * 16-byte tag). The channel refuses a message whose ciphertext would exceed the transport's limit in
   * `send`, before anything is stored. Without it, the channel measures the overhead once when it is
   * created, by encrypting two probe plaintexts (1 and 1 024 zero bytes); declare it for a scheme whose
   * overhead varies more than those two show.
   */
  readonly overheadBytes?: number;
  encrypt(plaintext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /**
   * Hears every roster change of a channel with a roster (`members` / `setMembers`), in order, before
   * `setMembers` resolves: a scheme can rotate its key when a member is removed, so that nothing published
   * after the change (first publishes and re-publishes alike: the channel encrypts at every publish) can
   * be read with the old key. What the removed member can still read is what was published before.
   * Optional: a static key ignores membership.
   */
  onMembershipChange?(change: MembershipChange): Promise<void> | void;
}
