/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** An injected logger. Every method is optional to call and cheap when the level is off. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ignore = (): void => undefined;

/**
 * A {@link Logger} that drops everything: the default of every component that takes a `logger` option
 * (the channel, the Waku transport). Frozen, so one instance serves them all.
 */
export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
