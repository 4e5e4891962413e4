import type { StoredChannelState } from "@reliable-channel/interfaces";

/** A JSON-safe copy of a loaded state (bigints as `"<n>n"`, bytes as hex), to compare across the page boundary. */
export function plain(state: StoredChannelState): unknown {
  return convert(state);
}

function convert(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, convert(inner)]));
  }
  return value;
}
