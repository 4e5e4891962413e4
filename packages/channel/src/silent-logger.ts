import type { Logger } from "@reliable-channel/interfaces";

const ignore = (): void => {};

/** A {@link Logger} that drops everything: the channel's default. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
