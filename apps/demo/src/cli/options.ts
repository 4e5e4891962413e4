import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** Which network the demo runs on. */
export type DemoTransportKind = "waku" | "memory";

/** How progress is shown: redrawn bars on a terminal, or plain periodic lines (CI, pipes). */
export type DemoLiveMode = "auto" | "bars" | "plain";

/** The demo's options, as parsed from the command line. Every option has a default. */
export interface DemoOptions {
  /** Participants in the channel. */
  readonly participants: number;
  /** Messages in the conversation (all senders together). */
  readonly messages: number;
  /** Fraction in [0, 1) of deliveries the network drops (filter pushes on Waku, packets in memory). */
  readonly loss: number;
  /** Seed of every random choice the demo makes (who speaks, which packets drop). */
  readonly seed: number;
  /** `waku` (real `@waku/sdk` light nodes) or `memory` (deterministic simulation on virtual time). */
  readonly transport: DemoTransportKind;
  /** Multiaddr of a real Waku service node; when absent the demo starts its own loopback test node. */
  readonly connect?: string;
  /** Where the HTML report is written; absent = `out/report.html` inside the demo package. */
  readonly report?: string;
  /** How progress is shown. */
  readonly live: DemoLiveMode;
  /** Print the help text and exit. */
  readonly help: boolean;
}

/** @default 5 (participants) */
export const DEFAULT_PARTICIPANTS = 5;
/** @default 60 (messages) */
export const DEFAULT_MESSAGES = 60;
/** @default 0.2 (fraction of deliveries dropped) */
export const DEFAULT_LOSS = 0.2;
/** @default 1 */
export const DEFAULT_SEED = 1;
/** @default "waku" */
export const DEFAULT_TRANSPORT: DemoTransportKind = "waku";
/** The most participants of a `--transport memory` run. @default 2_000 (participants) */
export const MAX_MEMORY_PARTICIPANTS = 2_000;
/** The most participants of a `--transport waku` run (each one is a real libp2p node). @default 50 */
export const MAX_WAKU_PARTICIPANTS = 50;
/** The most messages of a run. @default 100_000 (messages) */
export const MAX_MESSAGES = 100_000;

/** The options of a run with no arguments. */
export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  participants: DEFAULT_PARTICIPANTS,
  messages: DEFAULT_MESSAGES,
  loss: DEFAULT_LOSS,
  seed: DEFAULT_SEED,
  transport: DEFAULT_TRANSPORT,
  live: "auto",
  help: false,
};

/** Parses `"12"` into an integer in [min, max], or explains why not. */
export function parseIntegerOption(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(raw.trim())) {
    throw new InvalidArgumentError(`--${name} must be a whole number, got "${raw}"`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new InvalidArgumentError(`--${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/** Parses a loss rate given as a fraction (`0.3`) or a percentage (`30%`) into [0, 1). */
export function parseLossOption(raw: string): number {
  const text = raw.trim();
  const percent = text.endsWith("%");
  const numeric = percent ? text.slice(0, -1) : text;
  if (!/^[0-9]*\.?[0-9]+$/.test(numeric)) {
    throw new InvalidArgumentError(
      `--loss must be a fraction like 0.3 or a percentage like 30%, got "${raw}"`,
    );
  }
  const value = percent ? Number(numeric) / 100 : Number(numeric);
  if (value >= 1) {
    throw new InvalidArgumentError(`--loss must be below 1 (100%): nothing would ever arrive, got "${raw}"`);
  }
  return value;
}

/** Checks that `raw` looks like a dialable multiaddr with a peer id, e.g. `/dns4/host/tcp/8000/wss/p2p/16U…`. */
export function parseMultiaddrOption(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith("/") || !text.includes("/p2p/")) {
    throw new InvalidArgumentError(
      `--connect must be a multiaddr ending in /p2p/<peer id>, e.g. /ip4/127.0.0.1/tcp/8000/ws/p2p/16Uiu2…, got "${raw}"`,
    );
  }
  return text;
}

/** Parses `waku` or `memory`. */
export function parseTransportOption(raw: string): DemoTransportKind {
  if (raw === "waku" || raw === "memory") return raw;
  throw new InvalidArgumentError(`--transport must be "waku" or "memory", got "${raw}"`);
}

/** Parses `auto`, `bars` or `plain`. */
export function parseLiveOption(raw: string): DemoLiveMode {
  if (raw === "auto" || raw === "bars" || raw === "plain") return raw;
  throw new InvalidArgumentError(`--live must be "auto", "bars" or "plain", got "${raw}"`);
}
