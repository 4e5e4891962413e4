import { expect } from "vitest";
import type { TransportCase } from "./transport-context.js";
import { suitePayload } from "./transport-inbox.js";

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** Retrieval cases: by hint, for transports that have a store (`retrieve`); skipped otherwise. */
export const retrievalCases: readonly TransportCase[] = [
  {
    name: "retrieves the exact published bytes by the hint publish returned, from any peer",
    run: async (context) => {
      const f = await context.setup(3);
      if (f.at(0).retrieve === undefined) context.skip();
      const bytes = [suitePayload("stored-1", 64), suitePayload("stored-2", 2_000)];
      const hints: Uint8Array[] = [];
      for (const payload of bytes) {
        const { retrievalHint } = await f.at(0).publish(payload);
        if (retrievalHint === undefined) return context.skip();
        hints.push(retrievalHint);
      }
      await f.expectReceived(1, ["stored-1", "stored-2"]);
      for (const reader of [1, 2, 0]) {
        const found = (await f.at(reader).retrieve?.(hints)) ?? [];
        expect(found).toHaveLength(2);
        for (const [i, hint] of hints.entries()) {
          const match = found.find((p) => sameBytes(p.retrievalHint, hint));
          expect(sameBytes(match?.bytes, bytes[i])).toBe(true);
        }
      }
    },
  },

  {
    name: "leaves unknown hints out of a retrieval",
    run: async (context) => {
      const f = await context.setup(2);
      if (f.at(0).retrieve === undefined) context.skip();
      const { retrievalHint } = await f.publish(0, "known");
      if (retrievalHint === undefined) return context.skip();
      await f.expectReceived(1, ["known"]);
      const unknown = new Uint8Array(retrievalHint.length).fill(0xab);
      const found = (await f.at(1).retrieve?.([unknown, retrievalHint])) ?? [];
      expect(found).toHaveLength(1);
      expect(sameBytes(found[0]?.retrievalHint, retrievalHint)).toBe(true);
      expect(await f.at(1).retrieve?.([unknown])).toEqual([]);
    },
  },

  {
    name: "gives receivers the same retrieval hint as the publisher, when both know it",
    run: async (context) => {
      const f = await context.setup(2);
      const { retrievalHint } = await f.publish(0, "hinted");
      await f.expectReceived(1, ["hinted"]);
      const meta = f.inbox(1).received.find((r) => r.label === "hinted")?.meta;
      if (retrievalHint === undefined || meta?.retrievalHint === undefined) return context.skip();
      expect(sameBytes(meta.retrievalHint, retrievalHint)).toBe(true);
    },
  },
];
