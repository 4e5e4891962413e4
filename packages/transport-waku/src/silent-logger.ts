import type { Logger } from "@reliable-channel/interfaces";

const ignore = (): void => undefined;

/** The default logger: drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
