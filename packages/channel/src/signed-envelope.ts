import {
  type Encryption,
  InvalidArgumentError,
  SignatureError,
  type Signer,
} from "@reliable-channel/interfaces";
import type { WireProfile } from "@reliable-channel/sds";

/*
 * Authenticated senders: the signature of the encoded SDS message, appended to it as one more protobuf
 * field, before encryption. The field is unknown to both wire profiles' decoders (@waku/sds 0.0.8 reads
 * fields 1–3, 10–13 and 20; nim-sds 1–7 and 13; both skip the rest), so a peer without a signer still
 * reads a signed message. Signed bytes: the domain below, then the envelope up to the signature field.
 */

/** The protobuf field number of the signature (length-delimited); last field of a signed envelope. */
export const SIGNATURE_FIELD = 31;

const DOMAIN = new TextEncoder().encode("reliable-channel/sds-signature/v1\0");
const LEN = 2;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

const TAG = varint((SIGNATURE_FIELD << 3) | LEN);

/** Bytes the signature field adds to an envelope. */
export const signatureFieldBytes = (signatureBytes: number): number =>
  TAG.length + varint(signatureBytes).length + signatureBytes;

/** Reads a varint at `pos`: [value, next position], or `undefined` when malformed or over 2^35. */
function readVarint(bytes: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0;
  for (let i = 0; i < 5 && pos + i < bytes.length; i += 1) {
    const b = bytes[pos + i] ?? 0;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return [value, pos + i + 1];
  }
  return undefined;
}

/** The start of the last top-level field of `bytes` and its number and wire type, or `undefined`. */
function lastField(
  bytes: Uint8Array,
): { start: number; field: number; wire: number; end: number } | undefined {
  let pos = 0;
  let last: { start: number; field: number; wire: number; end: number } | undefined;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos);
    if (tag === undefined) return undefined;
    const [key, next] = tag;
    const wire = key % 8;
    pos = next;
    if (wire === 0) {
      while (pos < bytes.length && (bytes[pos] ?? 0) >= 0x80) pos += 1;
      pos += 1;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === LEN) {
      const length = readVarint(bytes, pos);
      if (length === undefined) return undefined;
      pos = length[1] + length[0];
    } else return undefined;
    if (pos > bytes.length) return undefined;
    last = { start, field: Math.floor(key / 8), wire, end: pos };
  }
  return last;
}

/** The envelope without its signature and the signature, when `bytes` end with a signature field. */
export function splitSignature(
  bytes: Uint8Array,
): { envelope: Uint8Array; signature: Uint8Array } | undefined {
  const last = lastField(bytes);
  if (last === undefined || last.field !== SIGNATURE_FIELD || last.wire !== LEN) return undefined;
  const length = readVarint(bytes, last.start + TAG.length);
  if (length === undefined) return undefined;
  return { envelope: bytes.subarray(0, last.start), signature: bytes.subarray(length[1], last.end) };
}

const signedBytes = (envelope: Uint8Array): Uint8Array => {
  const out = new Uint8Array(DOMAIN.length + envelope.length);
  out.set(DOMAIN);
  out.set(envelope, DOMAIN.length);
  return out;
};

/** `envelope` followed by the signature field of `signature`. */
function appendSignature(envelope: Uint8Array, signature: Uint8Array): Uint8Array {
  const head = [...TAG, ...varint(signature.length)];
  const out = new Uint8Array(envelope.length + head.length + signature.length);
  out.set(envelope);
  out.set(head, envelope.length);
  out.set(signature, envelope.length + head.length);
  return out;
}

/** What {@link signedEnvelopes} needs. */
export interface SignedEnvelopesInit {
  readonly signer: Signer;
  readonly wire: WireProfile;
  /** The encryption around the signed envelope, if any. */
  readonly inner: Encryption | undefined;
  /** What `inner` adds to a plaintext (declared or measured). */
  readonly innerOverheadBytes: number;
}

/**
 * The channel's {@link Encryption} when it has a signer: `encrypt` signs the envelope (one we built; a
 * repair rebroadcast of another's original is already signed and passes unchanged), then applies the
 * inner encryption; `decrypt` undoes the inner encryption and throws {@link SignatureError} unless the
 * envelope is signed by the key its sender id names. The envelope keeps its signature field (the decoders
 * skip it), so that a cached original is rebroadcast with its signature. Internal.
 */
export function signedEnvelopes(init: SignedEnvelopesInit): Encryption {
  const { signer, wire, inner } = init;
  return {
    overheadBytes: init.innerOverheadBytes + signatureFieldBytes(signer.signatureBytes),
    async encrypt(plaintext) {
      const signed =
        splitSignature(plaintext) === undefined
          ? appendSignature(plaintext, await signer.sign(signedBytes(plaintext)))
          : plaintext;
      return inner === undefined ? signed : inner.encrypt(signed);
    },
    async decrypt(ciphertext) {
      const plaintext = inner === undefined ? ciphertext : await inner.decrypt(ciphertext);
      const split = splitSignature(plaintext);
      if (split === undefined) throw new SignatureError("unsigned");
      let senderId: string;
      try {
        senderId = wire.decode(split.envelope).senderId;
      } catch (error) {
        throw new SignatureError("undecodable", { cause: error });
      }
      if (!(await signer.verify(senderId, signedBytes(split.envelope), split.signature)))
        throw new SignatureError("bad-signature");
      return plaintext;
    },
  };
}

/**
 * {@link signedEnvelopes} around `init.encryption`, with `init.signer` checked first.
 * @throws InvalidArgumentError when `signer` is malformed or its id is not `participantId`.
 */
export function signedEncryption(
  init: { readonly signer: Signer; readonly participantId: string; readonly wire: WireProfile },
  inner: Encryption | undefined,
  innerOverheadBytes: number,
): { encryption: Encryption; overheadBytes: number } {
  checkSigner(init.signer, init.participantId);
  const signed = signedEnvelopes({ signer: init.signer, wire: init.wire, inner, innerOverheadBytes });
  return { encryption: signed, overheadBytes: signed.overheadBytes ?? 0 };
}

function checkSigner(signer: Signer, participantId: string): void {
  const value: unknown = signer;
  const shape = value as Partial<Record<keyof Signer, unknown>> | null;
  if (
    typeof shape !== "object" ||
    shape === null ||
    typeof shape.sign !== "function" ||
    typeof shape.verify !== "function" ||
    !(Number.isInteger(shape.signatureBytes) && Number(shape.signatureBytes) > 0)
  )
    throw new InvalidArgumentError("signer must have sign, verify and a positive integer signatureBytes");
  if (signer.participantId !== participantId)
    throw new InvalidArgumentError(
      `participantId must be the signer's (${String(signer.participantId)}), got ${participantId}`,
    );
}
