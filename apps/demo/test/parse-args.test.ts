import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { HELP_TEXT } from "../src/cli/help.js";
import { DEFAULT_DEMO_OPTIONS } from "../src/cli/options.js";
import { parseDemoArgs } from "../src/cli/parse-args.js";

describe("parseDemoArgs", () => {
  it("gives the defaults with no arguments, and ignores the separator pnpm forwards", () => {
    expect(parseDemoArgs([])).toEqual(DEFAULT_DEMO_OPTIONS);
    expect(parseDemoArgs(["--"])).toEqual(DEFAULT_DEMO_OPTIONS);
    expect(DEFAULT_DEMO_OPTIONS).toMatchObject({ participants: 5, transport: "waku" });
  });

  it("parses every option", () => {
    const options = parseDemoArgs([
      "--",
      "--participants",
      "1000",
      "-m",
      "50",
      "--loss",
      "30%",
      "--seed",
      "7",
      "--transport",
      "memory",
      "--report",
      "r.html",
      "--live",
      "plain",
    ]);
    expect(options).toEqual({
      participants: 1000,
      messages: 50,
      loss: 0.3,
      seed: 7,
      transport: "memory",
      report: "r.html",
      live: "plain",
      help: false,
    });
  });

  it("accepts a loss as a fraction and --connect with a peer id", () => {
    const addr = "/ip4/127.0.0.1/tcp/8000/ws/p2p/16Uiu2HAmabc";
    expect(parseDemoArgs(["--loss", "0.25", "--connect", addr])).toMatchObject({ loss: 0.25, connect: addr });
    expect(parseDemoArgs(["-h"]).help).toBe(true);
  });

  it.each([
    [["--participants", "1"], /--participants must be between 2 and 50/],
    [["--participants", "1000"], /between 2 and 50, got 1000/],
    [["--participants", "3000", "--transport", "memory"], /between 2 and 2000/],
    [["--participants", "five"], /whole number, got "five"/],
    [["--messages", "0"], /--messages must be between 1/],
    [["--messages", "2.5"], /whole number/],
    [["--loss", "1"], /below 1/],
    [["--loss", "120%"], /below 1/],
    [["--loss=-0.1"], /fraction like 0.3/],
    [["--loss", "lots"], /fraction like 0.3/],
    [["--seed=-1"], /whole number/],
    [["--transport", "tcp"], /"waku" or "memory", got "tcp"/],
    [["--connect", "localhost:8000"], /multiaddr ending in \/p2p/],
    [
      ["--connect", "/ip4/1.2.3.4/tcp/1/p2p/x", "--transport", "memory"],
      /--connect needs the Waku transport/,
    ],
    [["--live", "fancy"], /"auto", "bars" or "plain"/],
    [["--report", " "], /--report must not be empty/],
    [["--bogus"], /Unknown option '--bogus'.*see --help/],
    [["stray"], /positional.*see --help/i],
    [["--participants"], /argument missing.*see --help/i],
  ])("rejects %j with a clear InvalidArgumentError", (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(InvalidArgumentError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });

  it("documents every option in --help", () => {
    for (const flag of [
      "--participants",
      "--messages",
      "--loss",
      "--seed",
      "--transport",
      "--connect",
      "--report",
    ]) {
      expect(HELP_TEXT).toContain(flag);
    }
    expect(HELP_TEXT).toContain("--live");
    expect(HELP_TEXT).toContain("--help");
  });
});
