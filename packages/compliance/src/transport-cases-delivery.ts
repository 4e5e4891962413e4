import { expect } from "vitest";
import type { TransportCase } from "./transport-context.js";
import { createInbox, suitePayload } from "./transport-inbox.js";

/** Delivery cases: 2 and 3 peers in every direction, fan-out, several listeners, intact bytes, echo. */
export const deliveryCases: readonly TransportCase[] = [
  {
    name: "delivers both ways between two peers",
    run: async (context) => {
      const f = await context.setup(2);
      await f.publish(0, "a-to-b");
      await f.publish(1, "b-to-a");
      await f.expectReceived(1, ["a-to-b"]);
      await f.expectReceived(0, ["b-to-a"]);
    },
  },

  {
    name: "delivers in every direction among three peers",
    run: async (context) => {
      const f = await context.setup(3);
      for (const from of [0, 1, 2]) await f.publish(from, `from-${from}`);
      for (const to of [0, 1, 2]) {
        await f.expectReceived(
          to,
          [0, 1, 2].filter((from) => from !== to).map((from) => `from-${from}`),
        );
      }
    },
  },

  {
    name: "fans one publish out to every other peer, several payloads each",
    run: async (context) => {
      const f = await context.setup(4);
      const labels = ["fan-1", "fan-2", "fan-3", "fan-4", "fan-5"];
      for (const label of labels) await f.publish(0, label);
      for (const to of [1, 2, 3]) await f.expectReceived(to, labels);
    },
  },

  {
    name: "calls every listener of a transport, and no longer one that unsubscribed",
    run: async (context) => {
      const f = await context.setup(2);
      const second = createInbox(f.at(1), "second listener");
      await f.publish(0, "both-listeners");
      await f.expectReceived(1, ["both-listeners"]);
      await second.waitFor(["both-listeners"], 1);
      second.close();
      await f.publish(0, "first-only");
      await f.expectReceived(1, ["first-only"]);
      expect(second.labels()).not.toContain("first-only");
    },
  },

  {
    name: "lets a listener subscribe after start()",
    run: async (context) => {
      const f = await context.setup(2);
      const late = createInbox(f.at(1), "late listener");
      await f.publish(0, "late");
      await f.expectReceived(1, ["late"]);
      await late.waitFor(["late"], 1);
      late.close();
    },
  },

  {
    name: "delivers exactly the published bytes, unaffected by later changes to the caller's buffer",
    run: async (context) => {
      const f = await context.setup(2);
      const bytes = suitePayload("exact", 1_000);
      const original = bytes.slice();
      await f.at(0).publish(bytes);
      bytes.fill(0);
      await f.expectReceived(1, ["exact"]);
      const got = f.inbox(1).received.find((r) => r.label === "exact");
      expect(got?.bytes).toEqual(original);
    },
  },

  {
    name: "echoes a publisher's own payloads exactly when the harness says it does",
    run: async (context) => {
      const f = await context.setup(2);
      if (f.harness.echo === undefined) context.skip();
      await f.publish(0, "own");
      await f.publish(1, "marker");
      await f.expectReceived(0, f.harness.echo === true ? ["own", "marker"] : ["marker"]);
      await f.expectReceived(1, ["own"]);
      expect(f.inbox(0).labels().includes("own")).toBe(f.harness.echo);
    },
  },
];
