import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHAT_CHANNEL, formatLine, parseChatArgs } from "../src/chat-args.js";

describe("parseChatArgs", () => {
  it("needs a name and defaults the channel", () => {
    expect(parseChatArgs(["--", "--name", "alice"])).toEqual({
      name: "alice",
      channel: DEFAULT_CHAT_CHANNEL,
    });
    const addr = "/ip4/127.0.0.1/tcp/60001/ws/p2p/12D3KooWabc";
    expect(parseChatArgs(["--name", "bob", "--channel", "dev", "--connect", addr])).toEqual({
      name: "bob",
      channel: "dev",
      connect: addr,
    });
  });

  it.each([
    [[], /--name is required/],
    [["--name", "a b"], /--name is required/],
    [["--name", "bob", "--connect", "127.0.0.1:60001"], /--connect must be a multiaddr/],
    [["--name", "bob", "--colour", "red"], /Unknown option '--colour'/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseChatArgs(argv)).toThrow(InvalidArgumentError);
    expect(() => parseChatArgs(argv)).toThrow(message);
  });
});

describe("formatLine", () => {
  it("shows the sender and the text", () => {
    expect(formatLine("alice", new TextEncoder().encode("hi ✓"))).toBe("<alice> hi ✓");
  });
});
