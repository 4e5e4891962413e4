/**
 * Stops a js-waku `ReliableChannel` (@waku/sdk 0.0.36) for good. Its `stop()` clears its sync timer but
 * leaves the handlers that re-arm it: a message it still processes afterwards (a store answer, its incoming
 * buffer, a filter push) starts the timer again, and that timer's sync then rejects unhandled with "Message
 * Channel must be started". Tests that run the reference switch the re-arming off first. End the light
 * nodes' filter subscriptions before, too: `stop()` leaves them (a TODO in 0.0.36).
 */
export function stopJsWakuChannel(channel: { stop(): void } | undefined): void {
  if (channel === undefined) return;
  Object.assign(channel, { restartSync: () => {} });
  channel.stop();
}
