import { parseArgs } from "node:util";
import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** The chat's options. */
export interface ChatArgs {
  /** Your name in the channel (the participant id). */
  readonly name: string;
  /** The channel to join: everyone with the same name talks together. @default "lobby" */
  readonly channel: string;
  /** A Waku service node multiaddr; absent = start a loopback test node in this process. */
  readonly connect?: string;
  /** The folder of the chat's SQLite state. @default `reliable-channel-chat` in the OS temp folder */
  readonly data?: string;
}

/** The channel joined when `--channel` is not given. @default "lobby" */
export const DEFAULT_CHAT_CHANNEL = "lobby";

/** Parses `--name <you> [--channel <name>] [--connect <multiaddr>] [--data <dir>]`; throws `InvalidArgumentError` on bad input. */
export function parseChatArgs(argv: readonly string[]): ChatArgs {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let values: {
    name?: string | undefined;
    channel?: string | undefined;
    connect?: string | undefined;
    data?: string | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        name: { type: "string" },
        channel: { type: "string" },
        connect: { type: "string" },
        data: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const name = values.name?.trim() ?? "";
  if (!/^[\w-]{1,32}$/.test(name)) {
    throw new InvalidArgumentError("--name is required: 1–32 letters, digits, _ or -, e.g. --name alice");
  }
  if (values.connect !== undefined && !values.connect.includes("/p2p/")) {
    throw new InvalidArgumentError(
      `--connect must be a multiaddr ending in /p2p/<peer id>, got "${values.connect}"`,
    );
  }
  return {
    name,
    channel: values.channel?.trim() || DEFAULT_CHAT_CHANNEL,
    ...(values.connect === undefined ? {} : { connect: values.connect }),
    ...(values.data === undefined ? {} : { data: values.data }),
  };
}

/** How a received message is shown. */
export function formatLine(sender: string, payload: Uint8Array): string {
  return `<${sender}> ${new TextDecoder().decode(payload)}`;
}
