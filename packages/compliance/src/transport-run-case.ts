import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { createFixture, type TransportCase, type TransportFixture } from "./transport-context.js";
import type { TransportHarnessFactory } from "./transport-harness.js";

/**
 * Runs one case against harnesses from `factory`, then stops the transports and closes the harness, also when
 * the case fails (internal to the suite; the compliance package's own tests call it directly too).
 */
export async function runTransportCase(
  testCase: TransportCase,
  factory: TransportHarnessFactory,
  skip: () => never,
): Promise<void> {
  let fixture: TransportFixture | undefined;
  try {
    await testCase.run({
      async setup(peers, options = {}) {
        if (fixture !== undefined) throw new InvalidArgumentError("setup() was already called in this case");
        fixture = createFixture(await factory({ peers }));
        if (options.start !== false) await fixture.start();
        return fixture;
      },
      skip,
    });
  } finally {
    if (fixture !== undefined) {
      for (const inbox of fixture.inboxes) inbox.close();
      await Promise.all(fixture.transports.map((transport) => transport.stop()));
      await fixture.harness.close();
    }
  }
}
