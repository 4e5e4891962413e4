import type { TransportConnectivity } from "@reliable-channel/interfaces";
import { chai } from "vitest";

/**
 * Resolves once `done()` holds, checked now and after every change `connectivity` reports; rejects after
 * `timeoutMs` (real ms) with an assertion error saying `what` did not happen. With `timeoutMs <= 0` it decides
 * at once, without any timer (a virtual-time harness whose `settle()` did everything). Internal to the suite.
 */
export function waitForConnectivity(
  connectivity: TransportConnectivity,
  done: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const failure = (): Error => new chai.AssertionError(`${what} within ${timeoutMs} ms`);
  if (done()) return Promise.resolve();
  if (timeoutMs <= 0) return Promise.reject(failure());
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      unsubscribe();
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const unsubscribe = connectivity.onChange(() => {
      if (done()) finish();
    });
    const timer = setTimeout(() => finish(failure()), timeoutMs);
  });
}
