import { describe, expect, it } from "vitest";
import { gatesOf, MAX_PUBLISHES_IN_FLIGHT, RequestGate } from "../src/node-gates.js";

describe("RequestGate", () => {
  it("lets at most max requests in at once, hands a slot straight to the next waiter, in order", async () => {
    const gate = new RequestGate(2);
    const order: string[] = [];
    const a = await gate.acquire();
    const b = await gate.acquire();
    const c = gate.acquire().then((release) => {
      order.push("c");
      return release;
    });
    const d = gate.acquire().then((release) => {
      order.push("d");
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot does nothing
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    // c holds a's slot: a newcomer still waits (behind d).
    let late = false;
    const e = gate.acquire().then((release) => {
      late = true;
      return release;
    });
    b();
    const releaseD = await d;
    expect(order).toEqual(["c", "d"]);
    expect(late).toBe(false);
    releaseC();
    (await e)();
    expect(late).toBe(true);
    releaseD();
  });

  it("is one per node, shared by every transport on it", () => {
    const node = {};
    expect(gatesOf(node)).toBe(gatesOf(node));
    expect(gatesOf(node)).not.toBe(gatesOf({}));
    expect(MAX_PUBLISHES_IN_FLIGHT).toBeGreaterThan(0);
  });
});
