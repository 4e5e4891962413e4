import type { Segment } from "@reliable-channel/segmentation";

/**
 * Storage keys of partial messages, in the reassembly's own storage namespace (meta blobs):
 * - `p/<sender>/<set>/<d|p><index>`: one received segment's wire bytes;
 * - `h/<sender>/<set>`: the partial message's first-seen time (ms, decimal);
 * - `l/<sender>/<set>`: the Lamport timestamp (and history mark) of the last segment stored, for a message
 *   that a restart finds complete (see `Reassembly.ingest`);
 * - `c/<sender>/<set>`: a completed or dropped message, so that late siblings are ignored.
 * `<sender>` and `<set>` are URI-encoded (a set is `segmentSetKey`).
 */
export const reassemblyKeys = {
  segment: (partial: string, segment: Segment): string =>
    `p/${partial}/${segment.isParity ? "p" : "d"}${segment.index}`,
  header: (partial: string): string => `h/${partial}`,
  last: (partial: string): string => `l/${partial}`,
  closed: (partial: string): string => `c/${partial}`,
};

/** The kinds of stored rows, by their key's first letter (see {@link reassemblyKeys}). */
export type ReassemblyRowKind = "p" | "h" | "l" | "c";

const KINDS = new Set<string>(["p", "h", "l", "c"]);

/** A partial message's key: sender and set, URI-encoded and joined. */
export function partialKey(senderId: string, setKey: string): string {
  return `${encodeURIComponent(senderId)}/${encodeURIComponent(setKey)}`;
}

/** The sender of a partial message's key. */
export function senderOf(partial: string): string {
  return decodeURIComponent(partial.slice(0, partial.indexOf("/")));
}

/** Splits a stored meta key into its kind and partial message key (undefined for a foreign key). */
export function parseKey(
  key: string,
): { readonly kind: ReassemblyRowKind; readonly partial: string } | undefined {
  const kind = key.slice(0, 1);
  if (!isKind(kind) || key[1] !== "/") return undefined;
  const parts = key.slice(2).split("/");
  const partial = parts.slice(0, 2).join("/");
  if (parts.length < 2) return undefined;
  return { kind, partial };
}

function isKind(kind: string): kind is ReassemblyRowKind {
  return KINDS.has(kind);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A number as a stored blob (decimal text). */
export const encodeNumber = (n: number): Uint8Array => encoder.encode(String(n));
/** A stored decimal blob as a number (NaN when it is not one). */
export const decodeNumber = (bytes: Uint8Array): number => Number(decoder.decode(bytes));

/** What a restart needs of a partial message's last stored segment to deliver the message it completes. */
export interface LastSegment {
  readonly lamportTimestamp: bigint;
  readonly history: boolean;
}

/** A last segment as a stored blob: the Lamport timestamp in decimal, `h` appended for history. */
export const encodeLast = (last: LastSegment): Uint8Array =>
  encoder.encode(`${last.lamportTimestamp}${last.history ? "h" : ""}`);

/** A stored last segment (undefined when the blob is not one). */
export function decodeLast(bytes: Uint8Array): LastSegment | undefined {
  const text = decoder.decode(bytes);
  const history = text.endsWith("h");
  const digits = history ? text.slice(0, -1) : text;
  return /^[0-9]+$/.test(digits) ? { lamportTimestamp: BigInt(digits), history } : undefined;
}
