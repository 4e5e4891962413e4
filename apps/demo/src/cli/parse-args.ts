import { parseArgs } from "node:util";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import {
  DEFAULT_DEMO_OPTIONS,
  type DemoOptions,
  MAX_MEMORY_PARTICIPANTS,
  MAX_MESSAGES,
  MAX_WAKU_PARTICIPANTS,
  parseIntegerOption,
  parseLiveOption,
  parseLossOption,
  parseMultiaddrOption,
  parseTransportOption,
} from "./options.js";

const OPTION_SPEC = {
  participants: { type: "string", short: "p" },
  messages: { type: "string", short: "m" },
  loss: { type: "string" },
  seed: { type: "string" },
  transport: { type: "string", short: "t" },
  connect: { type: "string" },
  report: { type: "string" },
  live: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses the demo's command line (without the node and script paths) into {@link DemoOptions}.
 * Throws `InvalidArgumentError` with a message meant for the user on any unknown or invalid option.
 */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  // `pnpm start -- --x` forwards the separator itself; it is not an argument of ours.
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTION_SPEC; args: string[] }>>["values"];
  try {
    ({ values } = parseArgs({ args, options: OPTION_SPEC, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new InvalidArgumentError(`${error instanceof Error ? error.message : String(error)} (see --help)`, {
      cause: error,
    });
  }
  const transport =
    values.transport === undefined ? DEFAULT_DEMO_OPTIONS.transport : parseTransportOption(values.transport);
  if (values.connect !== undefined && transport === "memory") {
    throw new InvalidArgumentError("--connect needs the Waku transport; drop --transport memory");
  }
  const maxParticipants = transport === "memory" ? MAX_MEMORY_PARTICIPANTS : MAX_WAKU_PARTICIPANTS;
  const options: DemoOptions = {
    participants:
      values.participants === undefined
        ? DEFAULT_DEMO_OPTIONS.participants
        : parseIntegerOption("participants", values.participants, 2, maxParticipants),
    messages:
      values.messages === undefined
        ? DEFAULT_DEMO_OPTIONS.messages
        : parseIntegerOption("messages", values.messages, 1, MAX_MESSAGES),
    loss: values.loss === undefined ? DEFAULT_DEMO_OPTIONS.loss : parseLossOption(values.loss),
    seed:
      values.seed === undefined
        ? DEFAULT_DEMO_OPTIONS.seed
        : parseIntegerOption("seed", values.seed, 0, 2 ** 32 - 1),
    transport,
    live: values.live === undefined ? DEFAULT_DEMO_OPTIONS.live : parseLiveOption(values.live),
    help: values.help ?? false,
  };
  return {
    ...options,
    ...(values.connect === undefined ? {} : { connect: parseMultiaddrOption(values.connect) }),
    ...(values.report === undefined ? {} : { report: nonEmpty("report", values.report) }),
  };
}

function nonEmpty(name: string, raw: string): string {
  if (raw.trim() === "") throw new InvalidArgumentError(`--${name} must not be empty`);
  return raw;
}
