import { toHex } from "./hex.js";
import { portableSha256Digest } from "./portable-sha256.js";

/** A SHA-256 implementation over byte parts (hashed as their concatenation). */
export type Sha256 = (parts: readonly Uint8Array[]) => Uint8Array;

/** SHA-256 over byte parts (hashed as their concatenation), as 64 lowercase hex characters. */
export type Sha256Hex = (parts: readonly Uint8Array[]) => string;

/** The slice of `node:crypto` this package uses. */
interface NativeCrypto {
  createHash(algorithm: "sha256"): {
    update(data: Uint8Array): unknown;
    digest(): Uint8Array;
    digest(encoding: "hex"): string;
  };
  /** One-shot hashing (Node ≥ 21.7). */
  hash?(algorithm: "sha256", data: Uint8Array, encoding: "hex"): string;
  hash?(algorithm: "sha256", data: Uint8Array, encoding: "buffer"): Uint8Array;
}

/**
 * `node:crypto` when the runtime has it, looked up without importing it (`process.getBuiltinModule`, Node
 * ≥ 22.3, Deno, Bun), so that bundlers and browsers never see the import.
 */
function nativeCrypto(): NativeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = runtime?.getBuiltinModule?.("node:crypto") as NativeCrypto | undefined;
  return typeof crypto?.createHash === "function" ? crypto : undefined;
}

/** SHA-256 in portable JavaScript (`portable-sha256.ts`): every runtime, and browsers. */
export const portableSha256: Sha256 = portableSha256Digest;

const native = nativeCrypto();

/** The parts as one buffer (the part itself when there is only one). */
function joined(parts: readonly Uint8Array[]): Uint8Array {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * SHA-256 by the runtime's native `node:crypto`, or undefined when the runtime has none. With one-shot
 * `crypto.hash`, the parts are joined and hashed in one native call: on a cold path (a message now and
 * then) that costs about half of a `createHash` object fed part by part.
 */
export const nativeSha256: Sha256 | undefined =
  native === undefined
    ? undefined
    : (parts) => {
        if (native.hash !== undefined) {
          // A plain Uint8Array copy (node returns a Buffer).
          return new Uint8Array(native.hash("sha256", joined(parts), "buffer"));
        }
        const hash = native.createHash("sha256");
        for (const part of parts) hash.update(part);
        // A plain Uint8Array copy (node returns a Buffer).
        return new Uint8Array(hash.digest());
      };

/** {@link nativeSha256} as hex, also in one native call where the runtime has `crypto.hash`. */
export const nativeSha256Hex: Sha256Hex | undefined =
  native === undefined
    ? undefined
    : (parts) => {
        if (native.hash !== undefined) return native.hash("sha256", joined(parts), "hex");
        const hash = native.createHash("sha256");
        for (const part of parts) hash.update(part);
        return hash.digest("hex");
      };

/** {@link portableSha256} as hex. */
export const portableSha256Hex: Sha256Hex = (parts) => toHex(portableSha256(parts));

/**
 * SHA-256 of the concatenation of `parts`, 32 bytes. Native where the runtime offers `node:crypto` (many
 * times faster on a cold path: it needs no JIT warm-up), else portable; both give the same bytes.
 *
 * @example
 * ```ts
 * const digest = sha256([new TextEncoder().encode("a"), new TextEncoder().encode("bc")]); // = sha256("abc")
 * ```
 */
export const sha256: Sha256 = nativeSha256 ?? portableSha256;

/** {@link sha256} as 64 lowercase hex characters. */
export const sha256Hex: Sha256Hex = nativeSha256Hex ?? portableSha256Hex;
