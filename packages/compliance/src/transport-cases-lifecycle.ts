import { NotStartedError } from "@reliable-channel/interfaces";
import { expect } from "vitest";
import type { TransportCase } from "./transport-context.js";
import { suitePayload } from "./transport-inbox.js";

/** Lifecycle cases: start/stop idempotence, publish outside start..stop, nothing after stop, reconnect, abort. */
export const lifecycleCases: readonly TransportCase[] = [
  {
    name: "rejects a publish before start() with NotStartedError",
    run: async (context) => {
      const f = await context.setup(2, { start: false });
      await expect(f.publish(0, "early")).rejects.toBeInstanceOf(NotStartedError);
    },
  },

  {
    name: "start() and stop() are idempotent, also when called concurrently",
    run: async (context) => {
      const f = await context.setup(2, { start: false });
      await Promise.all([f.at(0).start(), f.at(0).start()]);
      await f.at(0).start();
      await f.start([1]);
      await f.publish(0, "after-double-start");
      await f.expectReceived(1, ["after-double-start"]);
      await Promise.all([f.at(0).stop(), f.at(0).stop()]);
      await f.at(0).stop();
      await expect(f.publish(0, "after-stop")).rejects.toBeInstanceOf(NotStartedError);
    },
  },

  {
    name: "calls no listener after stop() (a running witness proves the payload was sent)",
    run: async (context) => {
      const f = await context.setup(3);
      await f.at(1).stop();
      await f.publish(0, "while-stopped");
      await f.expectReceived(2, ["while-stopped"]);
      await f.harness.settle();
      expect(f.inbox(1).labels()).toEqual([]);
    },
  },

  {
    name: "calls no listener after stop() for payloads that were in flight",
    run: async (context) => {
      const f = await context.setup(3);
      await f.publish(0, "in-flight");
      await f.at(1).stop();
      // A real network may deliver before stop() resolves; nothing may arrive after.
      const beforeStop = f.inbox(1).labels();
      await f.expectReceived(2, ["in-flight"]);
      await f.harness.settle();
      expect(f.inbox(1).labels()).toEqual(beforeStop);
    },
  },

  {
    name: "receives and publishes again after stop() then start() (reconnect)",
    run: async (context) => {
      const f = await context.setup(2);
      await f.at(1).stop();
      await f.at(1).start();
      await f.publish(0, "to-restarted");
      await f.publish(1, "from-restarted");
      await f.expectReceived(1, ["to-restarted"]);
      await f.expectReceived(0, ["from-restarted"]);
    },
  },

  {
    name: "rejects a publish whose signal is already aborted with the signal's reason",
    run: async (context) => {
      const f = await context.setup(2);
      const reason = new Error("caller gave up");
      const controller = new AbortController();
      controller.abort(reason);
      await expect(f.at(0).publish(suitePayload("aborted"), { signal: controller.signal })).rejects.toBe(
        reason,
      );
    },
  },
];
