import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import {
  DecryptionError,
  type Encryption,
  type MembershipChange,
  type ParticipantId,
} from "@reliable-channel/interfaces";

const EPOCH_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A reference of key rotation on removal, standing in for a group layer (MLS): every membership epoch has
 * its own AES-256-GCM key, handed only to that epoch's members. A member encrypts with the key of the newest
 * epoch it was told of and decrypts with any key it was given, so what was published before a change stays
 * readable by the members of its epoch, and what is published after a removal is not readable by the
 * removed member. Synchronous (node:crypto), so it runs on the virtual clock without waiting on real time.
 */
export class KeyDirectory {
  readonly #secret: string;
  readonly #members = new Map<number, ReadonlySet<ParticipantId>>();

  /** `secret` seeds every epoch's key (a test value, not a key-management scheme). */
  constructor(secret: string, initial: readonly ParticipantId[]) {
    this.#secret = secret;
    this.#members.set(0, new Set(initial));
  }

  /** The group layer decided `change`: its epoch's key goes to its members (the same for each caller). */
  rotate(change: MembershipChange): void {
    if (!this.#members.has(change.epoch)) this.#members.set(change.epoch, new Set(change.members));
  }

  /** The key of `epoch`, when `member` belongs to it. */
  keyFor(epoch: number, member: ParticipantId): Buffer | undefined {
    if (this.#members.get(epoch)?.has(member) !== true) return undefined;
    return createHash("sha256").update(`${this.#secret}/${epoch}`).digest();
  }

  /** The encryption of `member`'s channel. */
  encryptionFor(member: ParticipantId): Encryption & { readonly epoch: number } {
    return new RotatingEncryption(this, member);
  }
}

class RotatingEncryption implements Encryption {
  readonly overheadBytes = EPOCH_BYTES + IV_BYTES + TAG_BYTES;
  readonly #directory: KeyDirectory;
  readonly #member: ParticipantId;
  #epoch = 0;
  #ivCounter = 0;

  constructor(directory: KeyDirectory, member: ParticipantId) {
    this.#directory = directory;
    this.#member = member;
  }

  get epoch(): number {
    return this.#epoch;
  }

  onMembershipChange(change: MembershipChange): void {
    this.#directory.rotate(change);
    if (this.#directory.keyFor(change.epoch, this.#member) !== undefined) this.#epoch = change.epoch;
  }

  encrypt(plaintext: Uint8Array): Uint8Array {
    const key = this.#directory.keyFor(this.#epoch, this.#member);
    if (key === undefined) throw new Error(`${this.#member} has no key for epoch ${this.#epoch}`);
    const iv = Buffer.alloc(IV_BYTES);
    iv.writeUInt32BE(this.#ivCounter++, 0);
    iv.write(this.#member.slice(0, 8), 4, "latin1");
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const out = new Uint8Array(EPOCH_BYTES + IV_BYTES + body.length);
    new DataView(out.buffer).setUint32(0, this.#epoch);
    out.set(iv, EPOCH_BYTES);
    out.set(body, EPOCH_BYTES + IV_BYTES);
    return out;
  }

  decrypt(ciphertext: Uint8Array): Uint8Array {
    if (ciphertext.length < this.overheadBytes) throw new DecryptionError("ciphertext too short");
    const epoch = new DataView(ciphertext.buffer, ciphertext.byteOffset).getUint32(0);
    const key = this.#directory.keyFor(epoch, this.#member);
    if (key === undefined) throw new DecryptionError(`no key for epoch ${epoch}`);
    const iv = ciphertext.subarray(EPOCH_BYTES, EPOCH_BYTES + IV_BYTES);
    const body = ciphertext.subarray(EPOCH_BYTES + IV_BYTES, ciphertext.length - TAG_BYTES);
    const tag = ciphertext.subarray(ciphertext.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(tag);
      return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
    } catch (error) {
      throw new DecryptionError("AES-GCM authentication failed", { cause: error });
    }
  }
}
