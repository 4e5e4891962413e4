import { describe, it } from "vitest";
import { transportCases } from "./transport-cases.js";
import type { TransportHarnessFactory } from "./transport-harness.js";
import { runTransportCase } from "./transport-run-case.js";

export {
  DEFAULT_RECEIVE_TIMEOUT_MS,
  type TransportHarness,
  type TransportHarnessFactory,
  type TransportHarnessOptions,
} from "./transport-harness.js";

/**
 * The transport compliance suite: call it at the top level of a test file of a `Transport` adapter. It defines
 * vitest `describe`/`it` blocks that check the port's contract with 2 to 4 peers: delivery in both directions
 * and among three peers, fan-out, several listeners and unsubscribe, exact bytes (no aliasing of the caller's
 * buffer), optional echo, idempotent `start`/`stop`, `NotStartedError` before start and after stop, no listener
 * called after stop (also for payloads in flight), reconnect (stop then start), an aborted signal, a payload of
 * exactly `maxPayloadBytes` and a permanent `PayloadTooLargeError` one byte above it, retrieval by hint
 * (exact bytes, unknown hints left out, the same hint at publisher and receiver), range queries (what was
 * published between two readings of `harness.now`, each once, oldest first, across pages; both ends inclusive;
 * an aborted signal) and connectivity (offline before start and after stop, online once started, changes only,
 * no listener after it unsubscribed).
 *
 * It fits virtual time and real networks alike: it waits only through `harness.settle()` and, for each
 * expected payload or connectivity change, an event-driven wait bounded by `harness.receiveTimeoutMs` — never
 * by sleeping. Tests of optional capabilities (`retrieve`, `queryRange`, `connectivity`, `maxPayloadBytes`,
 * hints, echo) are skipped when the transport lacks them.
 * Only payloads made by the suite are looked at, so other traffic on the topic does no harm.
 *
 * @example
 * ```ts
 * import { transportComplianceSuite } from "@reliable-channel/compliance";
 * import { createMemoryNetwork } from "@reliable-channel/transport-memory";
 *
 * transportComplianceSuite("memory", async ({ peers }) => {
 *   const network = createMemoryNetwork({ seed: 1 });
 *   return {
 *     transports: Array.from({ length: peers }, (_, i) => network.join(`peer-${i}`)),
 *     settle: async () => void (await network.settle()),
 *     close: async () => undefined,
 *     echo: true,
 *     receiveTimeoutMs: 0, // settle() delivers everything
 *     now: network.clock.now, // the clock of storedAt and queryRange's ranges
 *   };
 * });
 * ```
 */
export function transportComplianceSuite(name: string, factory: TransportHarnessFactory): void {
  describe(`transport compliance: ${name}`, () => {
    for (const testCase of transportCases) {
      it(testCase.name, (context) => runTransportCase(testCase, factory, () => context.skip()));
    }
  });
}
