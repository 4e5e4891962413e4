import { readFileSync } from "node:fs";
import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";

/** A history entry as the vectors write it. */
interface VectorEntry {
  readonly messageId: string;
  readonly retrievalHintHex?: string;
  readonly senderId?: string;
}

/** One message vector of nim-sds-vectors.json. */
export interface MessageVector {
  readonly name: string;
  readonly input: {
    readonly messageId: string;
    readonly lamportTimestamp: string;
    readonly causalHistory: readonly VectorEntry[];
    readonly channelId: string;
    readonly contentHex: string;
    readonly bloomFilterHex: string;
    readonly senderId: string;
    readonly repairRequest: readonly VectorEntry[];
  };
  readonly encodedHex: string;
  readonly nimDecodeRoundTripOk: boolean | null;
}

/** One bloom vector of nim-sds-vectors.json. */
export interface BloomVector {
  readonly name: string;
  readonly params: {
    readonly capacity: number;
    readonly errorRate: number;
    readonly kHashes: number;
    readonly mBits: number;
    readonly words64: number;
    readonly errorRateField: number;
  };
  readonly insertedIds: readonly string[];
  readonly bitPositionsPerId: Readonly<Record<string, readonly number[]>>;
  readonly setBits: readonly number[];
  readonly serializedLength: number;
  readonly lookupAfterNimDeserialize: Readonly<Record<string, boolean>>;
  readonly serializedHex?: string;
  readonly serializedHexPrefix?: string;
  readonly serializedHexSuffix?: string;
  readonly nonZeroWordBytes?: readonly { readonly byteOffsetInField1: number; readonly leHex: string }[];
}

/** One hashN vector: native (FarmHash) and js-waku (Murmur) expectations. */
export interface HashVector {
  readonly input: string;
  readonly n: number;
  readonly maxValue: number;
  readonly expected: { readonly hashA: number; readonly hashB: number; readonly hashC: number };
  readonly jsWakuMurmurExpected: { readonly hashA: number; readonly hashB: number; readonly hashC: number };
}

/** The vectors nim-sds's own encoder produced (tooling/vectors/nim-sds-vectors.json). */
export const nimVectors: {
  readonly messages: readonly MessageVector[];
  readonly blooms: readonly BloomVector[];
  readonly hashNative: {
    readonly rawNimHashFarm: Readonly<Record<string, string>>;
    readonly rawNimHashMurmur: Readonly<Record<string, string>>;
    readonly vectors: readonly HashVector[];
  };
  readonly jsWaku008Interop: { readonly vectors: readonly { name: string; jsWakuEncodedHex: string }[] };
} = JSON.parse(
  readFileSync(new URL("../../../../tooling/vectors/nim-sds-vectors.json", import.meta.url), "utf8"),
);

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));

const entryOf = (e: VectorEntry): HistoryEntry => ({
  messageId: e.messageId,
  ...(e.retrievalHintHex === undefined ? {} : { retrievalHint: fromHex(e.retrievalHintHex) }),
  ...(e.senderId === undefined ? {} : { senderId: e.senderId }),
});

/** The vector's input as our message type (an empty filter is no filter). */
export function messageOf(v: MessageVector): SdsMessage {
  const i = v.input;
  return {
    senderId: i.senderId,
    messageId: i.messageId,
    channelId: i.channelId,
    lamportTimestamp: BigInt(i.lamportTimestamp),
    causalHistory: i.causalHistory.map(entryOf),
    ...(i.bloomFilterHex === "" ? {} : { bloomFilter: fromHex(i.bloomFilterHex) }),
    repairRequest: i.repairRequest.map(entryOf),
    content: fromHex(i.contentHex),
  };
}
