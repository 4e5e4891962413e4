import { describe, expect, it } from "vitest";
import {
  DecodeError,
  PayloadTooLargeError,
  PermanentTransportError,
  RateLimitedError,
  ReliableChannelError,
  TransientTransportError,
  TransportError,
} from "../src/errors.js";

describe("errors", () => {
  it("are named classes with codes and causes", () => {
    const cause = new Error("root");
    const error = new DecodeError("truncated varint", { cause });
    expect(error).toBeInstanceOf(ReliableChannelError);
    expect(error.name).toBe("DecodeError");
    expect(error.code).toBe("DECODE_ERROR");
    expect(error.reason).toBe("truncated varint");
    expect(error.cause).toBe(cause);
  });

  it("say whether a transport failure is permanent", () => {
    const tooLarge = new PayloadTooLargeError(200_000, 150_000);
    expect(tooLarge).toBeInstanceOf(PermanentTransportError);
    expect(tooLarge).toBeInstanceOf(TransportError);
    expect(tooLarge.permanent).toBe(true);
    expect(tooLarge.message).toContain("200000");
    expect(new TransientTransportError().permanent).toBe(false);
  });

  it("tell a rate limit rejection apart: transient, with the wait the network asked for", () => {
    const limited = new RateLimitedError(undefined, { retryAfterMs: 1_500 });
    expect(limited).toBeInstanceOf(TransientTransportError);
    expect(limited.permanent).toBe(false);
    expect(limited.code).toBe("TRANSPORT_RATE_LIMITED");
    expect(limited.retryAfterMs).toBe(1_500);
    expect(new RateLimitedError().retryAfterMs).toBeUndefined();
  });
});
