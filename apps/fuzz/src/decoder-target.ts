import { DecodeError, type SdsMessage } from "@reliable-channel/interfaces";
import type { WireProfile } from "@reliable-channel/sds";
import { WIRE_PROFILES } from "@reliable-channel/sds/nim-sds";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import { fuzzInput, randomMessage, sameMessage } from "./inputs.js";

/** What one decoder run saw. */
export interface DecoderReport {
  readonly profile: WireProfile["name"];
  /** Fuzz inputs decoded (well-formed messages round-tripped are counted apart). */
  readonly inputs: number;
  /** Inputs that decoded (the rest threw {@link DecodeError}). */
  readonly decoded: number;
  /** A throw other than `DecodeError`, or a decoded message the encoder could not encode. */
  readonly crashes: number;
  /** `decode(encode(m))` differed from `m`, for a decoded input or a generated well-formed message. */
  readonly roundTripFailures: number;
  readonly wellFormed: number;
  /** The first few failures, each with the input's index, to replay with the same seed. */
  readonly failures: readonly string[];
}

const MAX_FAILURES_KEPT = 10;
const CORPUS_SIZE = 64;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Feeds `inputs` fuzz inputs (seeded by `seed`) to `profile`'s decoder, and as many generated well-formed
 * messages through encode → decode. Checks: decoding throws nothing but `DecodeError`; what decodes encodes,
 * and decodes back to the same message.
 */
export function fuzzDecoder(profile: WireProfile, init: { seed: number; inputs: number }): DecoderReport {
  const random = createSeededRandom(init.seed);
  const corpus: Uint8Array[] = [];
  const failures: string[] = [];
  let [decoded, crashes, roundTripFailures] = [0, 0, 0];
  const fail = (what: string) => {
    if (failures.length < MAX_FAILURES_KEPT) failures.push(what);
  };
  const roundTrip = (message: SdsMessage, i: number, label: string): void => {
    let again: SdsMessage;
    try {
      again = profile.decode(profile.encode(message));
    } catch (error) {
      crashes += 1;
      fail(`${label} ${i}: encode/decode of a decoded message threw ${String(error)}`);
      return;
    }
    if (!sameMessage(message, again)) {
      roundTripFailures += 1;
      fail(`${label} ${i}: round trip changed the message`);
    }
  };
  for (let i = 0; i < init.inputs; i += 1) {
    const bytes = fuzzInput(random, profile, corpus);
    let message: SdsMessage | undefined;
    try {
      message = profile.decode(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) {
        crashes += 1;
        fail(`input ${i} (${hex(bytes)}): threw ${String(error)}`);
      }
    }
    if (message !== undefined) {
      decoded += 1;
      roundTrip(message, i, "input");
      if (corpus.length < CORPUS_SIZE) corpus.push(bytes);
      else corpus[random.int(CORPUS_SIZE)] = bytes;
    }
    roundTrip(randomMessage(random, profile), i, "well-formed");
  }
  return {
    profile: profile.name,
    inputs: init.inputs,
    decoded,
    crashes,
    roundTripFailures,
    wellFormed: init.inputs,
    failures,
  };
}

/** {@link fuzzDecoder} over every wire profile, each with its own seed derived from `seed`. */
export function fuzzDecoders(init: { seed: number; inputs: number }): DecoderReport[] {
  return Object.values(WIRE_PROFILES).map((profile, i) =>
    fuzzDecoder(profile, { ...init, seed: init.seed * 7 + i }),
  );
}
