import { readFileSync } from "node:fs";

/** Reads one of the project's copied vector files (tooling/vectors). */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../tooling/vectors/${name}`, import.meta.url), "utf8")) as T;
}

/** The vectors' payload generator: byte i = (i·131 + 7) mod 251. */
export function vectorPayload(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + 7) % 251);
}

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
export { toHex } from "@reliable-channel/hash";
