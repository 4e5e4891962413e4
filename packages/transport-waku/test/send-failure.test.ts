import {
  PayloadTooLargeError,
  PermanentTransportError,
  RateLimitedError,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { LightPushError } from "@waku/sdk";
import { describe, expect, it } from "vitest";
import { isPermanentSendFailure, mapSendFailures } from "../src/send-failure.js";

const transient = [
  LightPushError.GENERIC_FAIL,
  LightPushError.DECODE_FAILED,
  LightPushError.NO_PEER_AVAILABLE,
  LightPushError.NO_STREAM_AVAILABLE,
  LightPushError.NO_RESPONSE,
  LightPushError.STREAM_ABORTED,
  LightPushError.RLN_PROOF_GENERATION,
  LightPushError.REMOTE_PEER_REJECTED,
  LightPushError.TOO_MANY_REQUESTS,
  LightPushError.INTERNAL_ERROR,
  LightPushError.UNAVAILABLE,
  LightPushError.NO_RLN_PROOF,
  LightPushError.NO_PEERS,
];
const permanent = [
  LightPushError.EMPTY_PAYLOAD,
  LightPushError.ENCODE_FAILED,
  LightPushError.INVALID_MESSAGE,
  LightPushError.BAD_REQUEST,
  LightPushError.UNSUPPORTED_TOPIC,
  LightPushError.TOPIC_NOT_CONFIGURED,
];

describe("mapSendFailures", () => {
  it.each(transient)("maps %s to a transient error", (error) => {
    const mapped = mapSendFailures([{ error }], 10, 100);
    expect(mapped).toBeInstanceOf(TransientTransportError);
    expect(mapped.permanent).toBe(false);
    expect(mapped.message).toContain(error);
    expect(isPermanentSendFailure(error)).toBe(false);
  });

  it.each(permanent)("maps %s to a permanent error", (error) => {
    const mapped = mapSendFailures([{ error }], 10, 100);
    expect(mapped).toBeInstanceOf(PermanentTransportError);
    expect(mapped).not.toBeInstanceOf(PayloadTooLargeError);
    expect(mapped.permanent).toBe(true);
    expect(isPermanentSendFailure(error)).toBe(true);
  });

  it.each([LightPushError.SIZE_TOO_BIG, LightPushError.PAYLOAD_TOO_LARGE])(
    "maps %s to PayloadTooLargeError with the envelope size and limit",
    (error) => {
      const mapped = mapSendFailures([{ error }], 200_000, 153_600);
      expect(mapped).toBeInstanceOf(PayloadTooLargeError);
      expect(mapped).toMatchObject({ size: 200_000, limit: 153_600, permanent: true });
    },
  );

  it.each([LightPushError.TOO_MANY_REQUESTS, LightPushError.REMOTE_PEER_REJECTED])(
    "maps %s from every peer to RateLimitedError (0.0.36 folds a v3 429 into REMOTE_PEER_REJECTED)",
    (error) => {
      const mapped = mapSendFailures([{ error }, { error: LightPushError.REMOTE_PEER_REJECTED }], 1, 2);
      expect(mapped).toBeInstanceOf(RateLimitedError);
      expect(mapped.permanent).toBe(false);
    },
  );

  it("is not a rate limit when another peer failed for another reason", () => {
    const mixed = mapSendFailures(
      [{ error: LightPushError.REMOTE_PEER_REJECTED }, { error: LightPushError.NO_RESPONSE }],
      1,
      2,
    );
    expect(mixed).toBeInstanceOf(TransientTransportError);
    expect(mixed).not.toBeInstanceOf(RateLimitedError);
  });

  it("treats no peer tried as transient", () => {
    const mapped = mapSendFailures([], 10, 100);
    expect(mapped).toBeInstanceOf(TransientTransportError);
    expect(mapped.message).toContain("no peer");
  });

  it("is transient when one peer's failure is transient, permanent only when all are", () => {
    const mixed = mapSendFailures(
      [{ error: LightPushError.INVALID_MESSAGE }, { error: LightPushError.NO_RESPONSE }],
      1,
      2,
    );
    expect(mixed.permanent).toBe(false);
    const allPermanent = mapSendFailures(
      [{ error: LightPushError.INVALID_MESSAGE }, { error: LightPushError.SIZE_TOO_BIG }],
      1,
      2,
    );
    expect(allPermanent).toBeInstanceOf(PermanentTransportError);
    expect(allPermanent).not.toBeInstanceOf(PayloadTooLargeError);
  });
});
