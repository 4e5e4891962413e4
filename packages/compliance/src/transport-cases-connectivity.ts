import { expect } from "vitest";
import { waitForConnectivity } from "./transport-connectivity-wait.js";
import type { TransportCase } from "./transport-context.js";

/** Whether no two neighbours of `values` are equal (a listener hears changes only). */
const alternates = (values: readonly boolean[]): boolean =>
  values.every((v, i) => i === 0 || v !== values[i - 1]);

/**
 * Connectivity cases, for transports that report it (`connectivity`); skipped otherwise. They only take a
 * transport through start and stop: nothing in the port can take a transport offline on purpose.
 */
export const connectivityCases: readonly TransportCase[] = [
  {
    name: "reports connectivity offline before start(), online once started, offline after stop(), online again after a restart",
    run: async (context) => {
      const f = await context.setup(2, { start: false });
      const connectivity = f.at(0).connectivity;
      if (connectivity === undefined) return context.skip();
      expect(connectivity.online).toBe(false);
      const heard: boolean[] = [];
      connectivity.onChange((online) => heard.push(online));
      const heardLast = (online: boolean) => () => connectivity.online === online && heard.at(-1) === online;
      for (const round of ["start", "restart"]) {
        await f.start();
        await f.at(0).start(); // idempotent: no second "online"
        await f.harness.settle();
        await waitForConnectivity(
          connectivity,
          heardLast(true),
          f.timeoutMs,
          `peer 0 did not go online (${round})`,
        );
        await f.at(0).stop();
        expect(connectivity.online).toBe(false);
        await waitForConnectivity(
          connectivity,
          heardLast(false),
          f.timeoutMs,
          "peer 0 did not hear it went offline",
        );
      }
      expect(heard[0]).toBe(true);
      expect(alternates(heard), `connectivity listener heard [${heard.join(", ")}]`).toBe(true);
    },
  },

  {
    name: "calls no connectivity listener after it unsubscribed (a second listener proves the change)",
    run: async (context) => {
      const f = await context.setup(2, { start: false });
      const connectivity = f.at(0).connectivity;
      if (connectivity === undefined) return context.skip();
      const gone: boolean[] = [];
      const witness: boolean[] = [];
      const unsubscribe = connectivity.onChange((online) => gone.push(online));
      connectivity.onChange((online) => witness.push(online));
      await f.start();
      await f.harness.settle();
      const online = () => witness.at(-1) === true;
      await waitForConnectivity(connectivity, online, f.timeoutMs, "peer 0 did not go online");
      const before = [...gone];
      unsubscribe();
      await f.at(0).stop();
      const offline = () => witness.at(-1) === false;
      await waitForConnectivity(connectivity, offline, f.timeoutMs, "peer 0 did not hear it went offline");
      expect(gone).toEqual(before);
    },
  },
];
