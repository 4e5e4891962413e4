import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { keyFromPassword, keyFromSecret } from "../src/index.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (value: string) => new Uint8Array(Buffer.from(value, "hex"));

describe("keyFromPassword (PBKDF2-HMAC-SHA-256)", () => {
  it("matches the published PBKDF2-HMAC-SHA-256 vectors (password / salt, 1 and 2 iterations)", async () => {
    expect(hex(await keyFromPassword("password", { salt: "salt", iterations: 1 }))).toBe(
      "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
    );
    expect(hex(await keyFromPassword("password", { salt: "salt", iterations: 2 }))).toBe(
      "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
    );
  });

  it("is the same for the same password and salt, and different per salt", async () => {
    const init = { iterations: 1_000 };
    const a = await keyFromPassword("pw", { ...init, salt: "room-1" });
    expect(hex(await keyFromPassword("pw", { ...init, salt: "room-1" }))).toBe(hex(a));
    expect(hex(await keyFromPassword("pw", { ...init, salt: "room-2" }))).not.toBe(hex(a));
    expect(a.length).toBe(32);
  });

  it("refuses an empty password or salt and bad iterations", async () => {
    await expect(keyFromPassword("", { salt: "s" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(keyFromPassword("pw", { salt: "" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(keyFromPassword("pw", { salt: "s", iterations: 0 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});

describe("keyFromSecret (HKDF-SHA-256)", () => {
  it("matches RFC 5869 test case 1 (the first 32 bytes of its 42-byte output)", async () => {
    const okm = await keyFromSecret(new Uint8Array(22).fill(0x0b), {
      salt: fromHex("000102030405060708090a0b0c"),
      info: fromHex("f0f1f2f3f4f5f6f7f8f9"),
    });
    expect(hex(okm)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
  });

  it("refuses an empty secret", async () => {
    await expect(keyFromSecret(new Uint8Array())).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
