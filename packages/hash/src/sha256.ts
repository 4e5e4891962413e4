import { sha256 as nobleSha256 } from "@noble/hashes/sha2";

/** A SHA-256 implementation over byte parts (hashed as their concatenation). */
export type Sha256 = (parts: readonly Uint8Array[]) => Uint8Array;

/** The slice of `node:crypto` this package uses. */
interface NativeCrypto {
  createHash(algorithm: "sha256"): { update(data: Uint8Array): unknown; digest(): Uint8Array };
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

/** SHA-256 in portable JavaScript (@noble/hashes): every runtime, and browsers. */
export const portableSha256: Sha256 = (parts) => {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** SHA-256 by the runtime's native `node:crypto`, or undefined when the runtime has none. */
export const nativeSha256: Sha256 | undefined = (() => {
  const crypto = nativeCrypto();
  if (crypto === undefined) return undefined;
  return (parts) => {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(part);
    // A plain Uint8Array copy (node returns a Buffer).
    return new Uint8Array(hash.digest());
  };
})();

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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** `bytes` as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}
